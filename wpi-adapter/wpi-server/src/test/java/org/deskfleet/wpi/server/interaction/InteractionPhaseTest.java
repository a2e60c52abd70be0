package org.deskfleet.wpi.server.interaction;

import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.Reason;
import org.deskfleet.wpi.codec.WpiItem;
import org.deskfleet.wpi.server.work.DeviceJob;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An interaction's two phases, the exchange and its one job, move as drawn in {@link Interaction}. */
class InteractionPhaseTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void theExchangeAndTheJobMoveThroughTheirPhases() {
        DeviceJob job = new DeviceJob("job-1", List.of(new DeviceJob.Step(Action.WRITE_ITEMS, List.of(WpiItem.of("a", "1")))));
        Interaction i = Interaction.open("ABC", "001a2b3c4d5e", Reason.SOLICITED, Firmware.of("OpenStage 60", "V3 R5.1.0"),
                20, List.of(), T0);
        assertThat(i.exchange()).isEqualTo(Interaction.Exchange.READY);
        assertThat(i.jobPhase()).isEqualTo(Interaction.JobPhase.NOT_YET);

        i = i.serving(job, InteractionEngine.expand(job, 20), T0).sendNext(T0);
        assertThat(i.exchange()).isInstanceOfSatisfying(Interaction.Exchange.Awaiting.class,
                a -> assertThat(a.message().action()).isEqualTo(Action.WRITE_ITEMS));
        assertThat(i.jobPhase()).isInstanceOf(Interaction.JobPhase.Serving.class);
        assertThat(i.job()).isEqualTo(job);

        i = i.withFragment(List.of(WpiItem.of("a", "1")), T0);
        assertThat(i.fragments()).hasSize(1);
        i = i.answered(List.of(WpiItem.of("a", "1")), List.of(), T0);
        assertThat(i.exchange()).isEqualTo(Interaction.Exchange.READY);
        assertThat(i.rejected()).hasSize(1);
        assertThat(i.fragments()).isEmpty();

        i = i.jobDone(T0);
        assertThat(i.jobPhase()).isEqualTo(Interaction.JobPhase.DONE);
        assertThat(i.job()).isNull();
        assertThat(i.rejected()).isEmpty();
    }

    @Test
    void aFragmentWhileNothingIsAwaitedIsAMistakeNotAState() {
        Interaction i = Interaction.open("ABC", "001a2b3c4d5e", Reason.SOLICITED, Firmware.of("OpenStage 60", "V3 R5.1.0"),
                20, List.of(), T0);
        assertThatThrownBy(() -> i.withFragment(List.of(), T0)).isInstanceOf(IllegalStateException.class);
    }
}
