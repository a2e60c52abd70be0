package org.deskfleet.wpi.server.interaction;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class InteractionAdmissionTest {

    private final Instant t0 = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void oneAddressHoldsAtMostItsCap() {
        InteractionAdmission a = new InteractionAdmission(100, 3, Duration.ofSeconds(20));
        for (int i = 0; i < 3; i++) {
            assertThat(a.admit("10.0.0.9", t0).admitted()).isTrue();
        }
        assertThat(a.admit("10.0.0.9", t0).admitted()).isFalse();
        assertThat(a.admit("10.0.0.10", t0).admitted()).isTrue();
    }

    @Test
    void whenFullANewcomerTakesTheOldestSilentSlotOfTheAddressHoldingMost() {
        InteractionAdmission a = new InteractionAdmission(4, 4, Duration.ofSeconds(20));
        for (int i = 0; i < 4; i++) {
            a.opened(a.admit("10.6.6.6", t0).ticket(), "fake" + i, t0);
        }
        // Too young to be taken: a real phone could still be about to answer.
        assertThat(a.admit("10.0.0.1", t0.plusSeconds(1)).admitted()).isFalse();
        InteractionAdmission.Decision d = a.admit("10.0.0.1", t0.plusSeconds(6));
        assertThat(d.admitted()).isTrue();
        assertThat(d.evicted()).isEqualTo("fake0");
        assertThat(a.heldBy("10.6.6.6")).isEqualTo(3);
        // The attacker, now holding more than the newcomer, cannot take it back.
        assertThat(a.admit("10.6.6.6", t0.plusSeconds(7)).admitted()).isFalse();
    }

    @Test
    void answeredInteractionsAreNeverTakenAndSilentOnesExpireAtTheDeadline() {
        InteractionAdmission a = new InteractionAdmission(2, 2, Duration.ofSeconds(20));
        a.opened(a.admit("10.0.0.1", t0).ticket(), "real", t0);
        a.answered("real");
        a.opened(a.admit("10.0.0.1", t0).ticket(), "silent", t0);
        assertThat(a.overdue(t0.plusSeconds(19))).isEmpty();
        assertThat(a.overdue(t0.plusSeconds(21))).containsExactly("silent");
        assertThat(a.inUse()).isEqualTo(1);
        a.closed("real");
        assertThat(a.inUse()).isZero();
        assertThat(a.heldBy("10.0.0.1")).isZero();
    }
}
