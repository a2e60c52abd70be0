package org.deskfleet.app.e2e;

import org.deskfleet.kernel.ItemChange;
import org.deskfleet.kernel.client.ClientItemsReported;
import org.deskfleet.kernel.client.ContactReason;
import org.deskfleet.simulator.InteractionTrace;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.Reason;
import org.deskfleet.wpi.codec.WpiItem;
import org.deskfleet.wpi.server.work.DeviceJob;
import org.deskfleet.wpi.server.work.InMemoryPendingWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service-driven flows of PROTOCOL.md section 7 end to end: a job waits for a phone, the simulated
 * phone calls in over TLS, the exact action sequence is asserted, and what the phone reported is in the
 * event store and the read model.
 */
class WpiFlowsE2eTest extends EndToEndSupport {

    @Autowired
    InMemoryPendingWork work;

    private String job(SimulatedPhone phone, DeviceJob.Step... steps) {
        String id = UUID.randomUUID().toString();
        work.add(org.deskfleet.kernel.DeviceId.parse(phone.mac()).value(), new DeviceJob(id, List.of(steps)));
        return id;
    }

    private SimulatedPhone registered(long seed) {
        SimulatedPhone phone = SimulatedPhone.generate(seed, 1);
        simulator.startUp(phone).join().requireOk();
        return phone;
    }

    @Test
    void readSettings_7_5() {
        SimulatedPhone phone = registered(601);
        phone.setItem("sntp-addr", "10.60.1.1");
        job(phone, new DeviceJob.Step(Action.READ_ITEMS, List.of(WpiItem.of("sntp-addr", ""))));

        InteractionTrace trace = simulator.interact(phone, Reason.SOLICITED).join().requireOk();

        assertThat(trace.actions()).containsExactly(Action.READ_ITEMS, Action.CLEAN_UP);
        ItemChange change = eventsOf(phone.mac()).stream()
                .filter(e -> e instanceof ClientItemsReported r && r.reason() == ContactReason.READ_ITEMS)
                .map(ClientItemsReported.class::cast).flatMap(e -> e.changes().stream()).findFirst().orElseThrow();
        assertThat(change.newValue()).isEqualTo("10.60.1.1");
        assertThat(work.hasPending(org.deskfleet.kernel.DeviceId.parse(phone.mac()).value())).isFalse();
    }

    @Test
    void writeSettings_7_6() {
        SimulatedPhone phone = registered(602);
        job(phone, new DeviceJob.Step(Action.WRITE_ITEMS,
                List.of(WpiItem.of("sntp-addr", "ntp.example.test"), WpiItem.of("sntp-tz-offset", "120"))));

        InteractionTrace trace = simulator.interact(phone, Reason.SOLICITED).join().requireOk();

        assertThat(trace.actions()).containsExactly(Action.WRITE_ITEMS, Action.CLEAN_UP);
        assertThat(phone.value("sntp-addr")).contains("ntp.example.test");
        assertThat(phone.value("sntp-tz-offset")).contains("120");
    }
}
