package org.deskfleet.command.system;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.deskfleet.kernel.system.ChangeUnknownPhones;
import org.deskfleet.kernel.system.UnknownPhones;
import org.deskfleet.kernel.system.UnknownPhonesChanged;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The unknown-phones setting slice, through Axon's aggregate fixture. */
class UnknownPhonesPolicyTest {

    private static final String ID = ChangeUnknownPhones.ID;
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-01T11:00:00Z");

    private AggregateTestFixture<UnknownPhonesPolicy> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(UnknownPhonesPolicy.class);
    }

    @Test
    void quarantineIsRecordedAsAChangeFromTheDefault() {
        fixture.givenNoPriorActivity()
                .when(new ChangeUnknownPhones(ID, UnknownPhones.QUARANTINE, "admin", "rogue phones seen", T0))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new UnknownPhonesChanged(ID, UnknownPhones.REGISTER, UnknownPhones.QUARANTINE, "admin",
                        "rogue phones seen", T0));
    }

    @Test
    void settingTheCurrentModeRecordsNothing() {
        assertThat(UnknownPhonesPolicy.decide(new ChangeUnknownPhones(ID, UnknownPhones.REGISTER, "admin", null, T0),
                UnknownPhones.REGISTER)).isEmpty();
        fixture.given(new UnknownPhonesChanged(ID, UnknownPhones.REGISTER, UnknownPhones.QUARANTINE, "admin", null, T0))
                .when(new ChangeUnknownPhones(ID, UnknownPhones.QUARANTINE, "admin", null, T1))
                .expectNoEvents();
    }

    @Test
    void backToRegisterIsRecordedWithTheModeBefore() {
        fixture.given(new UnknownPhonesChanged(ID, UnknownPhones.REGISTER, UnknownPhones.QUARANTINE, "admin", null, T0))
                .when(new ChangeUnknownPhones(ID, UnknownPhones.REGISTER, "ops-lead", "rollout done", T1))
                .expectEvents(new UnknownPhonesChanged(ID, UnknownPhones.QUARANTINE, UnknownPhones.REGISTER, "ops-lead",
                        "rollout done", T1));
    }

    @Test
    void anotherIdOrNoModeIsRefusedAndRecordsNothing() {
        fixture.givenNoPriorActivity()
                .when(new ChangeUnknownPhones("other", UnknownPhones.QUARANTINE, "admin", null, T0))
                .expectException(IllegalArgumentException.class)
                .expectNoEvents();
        assertThat(catchThrowable(() -> UnknownPhonesPolicy.decide(
                new ChangeUnknownPhones(ID, null, "admin", null, T0), UnknownPhones.REGISTER)))
                .hasMessageContaining("REGISTER or QUARANTINE");
    }
}
