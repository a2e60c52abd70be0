package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.deskfleet.app.config.DcmpConfiguration;
import org.deskfleet.kernel.DeviceId;
import org.deskfleet.simulator.ErrorKind;
import org.deskfleet.simulator.InteractionTrace;
import org.deskfleet.simulator.Misbehaviour;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.simulator.live.LiveFleet;
import org.deskfleet.simulator.live.LiveOptions;
import org.deskfleet.simulator.live.LivePhone;
import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.Reason;
import org.deskfleet.wpi.codec.WpiItem;
import org.deskfleet.wpi.server.work.DeviceJob;
import org.deskfleet.wpi.server.work.InMemoryPendingWork;
import org.deskfleet.wpi.server.work.Steps;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Live simulated phones against the real server: contact-me, DCMP polling, and phones that misbehave. */
class LiveFleetE2eTest extends EndToEndSupport {

    static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    InMemoryPendingWork work;
    @Autowired
    DcmpConfiguration.DcmpListener dcmp;

    LiveFleet fleet;

    @AfterEach
    void closeFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    private LiveFleet registered(long seed, int phones) {
        fleet = LiveFleet.start(simulator, SimulatedPhone.fleet(seed, 0, phones), LiveOptions.defaults());
        assertThat(fleet.startUpAll(phones).failed()).isZero();
        for (LivePhone p : fleet.phones()) {
            String uri = p.contactMeUri().toString();
            await(() -> client(p.mac()), c -> !c.isNull() && uri.equals(c.get("contactMeUri").asText()), "registration of " + p.mac());
        }
        return fleet;
    }

    private void job(LivePhone p, String id, String sntp) {
        work.add(device(p), new DeviceJob(id, List.of(Steps.writeItems(List.of(WpiItem.of("sntp-addr", sntp))))));
    }

    private static String device(LivePhone p) {
        return DeviceId.parse(p.mac()).value();
    }

    private JsonNode contact(LivePhone p) {
        return graphql.data("mutation($id: ID!) { contactClient(deviceId: $id) { result httpStatus } }",
                Map.of("id", p.mac())).get("contactClient");
    }

    @Test
    void contactMeReachesLivePhonesOncePerContactGap() {
        registered(2201, 3);
        LivePhone ready = fleet.phones().get(0);
        LivePhone refusing = fleet.phones().get(1);
        LivePhone gone = fleet.phones().get(2);
        job(ready, "live-contact", "10.22.1.1");

        JsonNode first = contact(ready);
        assertThat(first.get("result").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(first.get("httpStatus").asInt()).isEqualTo(204);
        assertThat(fleet.awaitInteractions(ready.mac(), 2, WAIT)).isTrue();
        InteractionTrace callback = fleet.interactions(ready.mac()).get(1).requireOk();
        assertThat(callback.reason()).isEqualTo(Reason.SOLICITED);
        assertThat(callback.actions()).containsExactly(Action.WRITE_ITEMS, Action.CLEAN_UP);
        assertThat(ready.phone().value("sntp-addr")).contains("10.22.1.1");
        assertThat(work.hasPending(device(ready))).isFalse();

        // Within the gap the server does not even send: the phone sees nothing.
        assertThat(contact(ready).get("result").asText()).isEqualTo("SKIPPED_CONTACT_GAP");
        assertThat(fleet.contactMeReceived(ready.mac())).isEqualTo(1);
        assertThat(fleet.interactions(ready.mac())).hasSize(2);

        refusing.refuseContact(true);
        JsonNode refused = contact(refusing);
        assertThat(refused.get("result").asText()).isEqualTo("REFUSED");
        assertThat(refused.get("httpStatus").asInt()).isEqualTo(503);
        assertThat(fleet.contactMeReceived(refusing.mac())).isEqualTo(1);

        gone.setReachable(false);
        assertThat(contact(gone).get("result").asText()).isEqualTo("UNREACHABLE");
        assertThat(fleet.contactMeReceived(gone.mac())).isZero();
        assertThat(fleet.interactions(refusing.mac())).hasSize(1);
        assertThat(fleet.interactions(gone.mac())).hasSize(1);
    }

    @Test
    void aPollingLivePhoneIsServedWhenWorkWaits() throws Exception {
        registered(2202, 1);
        LivePhone p = fleet.phones().getFirst();
        p.startPolling("http://127.0.0.1:" + dcmp.port(), Duration.ofMillis(200));
        await(p::pollsSent, n -> n >= 2, "polls answered 200");
        assertThat(p.interactions()).hasSize(1);

        job(p, "live-dcmp", "10.22.2.2");
        assertThat(p.awaitInteractions(2, WAIT)).isTrue();
        InteractionTrace solicited = p.interactions().get(1).requireOk();
        assertThat(solicited.reason()).isEqualTo(Reason.SOLICITED);
        assertThat(solicited.actions()).containsExactly(Action.WRITE_ITEMS, Action.CLEAN_UP);
        assertThat(p.phone().value("sntp-addr")).contains("10.22.2.2");

        // Served: the next polls get 200 again, so no further interaction.
        int polls = p.pollsSent();
        await(p::pollsSent, n -> n >= polls + 2, "more polls");
        assertThat(p.interactions()).hasSize(2);
    }

    @Test
    void busyPhonesComeBackAfterTheCallAndRebootedPhonesRegisterAgain() throws Exception {
        registered(2204, 3);
        LivePhone busy = fleet.phones().get(0);
        busy.startCall();
        job(busy, "live-busy", "10.22.4.1");
        assertThat(contact(busy).get("result").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(busy.awaitInteractions(2, WAIT)).isTrue();
        assertThat(busy.interactions().get(1).requireOk().sendSolicited()).isTrue();
        assertThat(busy.solicitPending()).isTrue();
        assertThat(work.hasPending(device(busy))).isTrue();

        busy.endCall();
        assertThat(busy.awaitInteractions(3, WAIT)).isTrue();
        InteractionTrace served = busy.interactions().get(2).requireOk();
        assertThat(served.reason()).isEqualTo(Reason.SOLICITED);
        assertThat(served.actions()).containsExactly(Action.WRITE_ITEMS, Action.CLEAN_UP);
        assertThat(busy.phone().value("sntp-addr")).contains("10.22.4.1");
        assertThat(work.hasPending(device(busy))).isFalse();

        LivePhone updated = fleet.phones().get(1);
        work.add(device(updated), new DeviceJob("live-sw", List.of(Steps.deploySoftware(
                java.net.URI.create("https://files.example.test/os.img"), "Siemens SIP", "V3 R9.2.0", Steps.Priority.IMMEDIATE))));
        LivePhone restarted = fleet.phones().get(2);
        work.add(device(restarted), new DeviceJob("live-restart", List.of(Steps.restart())));

        assertThat(updated.interact(Reason.SOLICITED).get(20, TimeUnit.SECONDS).requireOk().actions())
                .containsExactly(Action.SOFTWARE_DEPLOYMENT, Action.CLEAN_UP);
        assertThat(restarted.interact(Reason.SOLICITED).get(20, TimeUnit.SECONDS).requireOk().actions())
                .containsExactly(Action.RESTART);
        assertThat(updated.awaitInteractions(3, WAIT)).isTrue();
        assertThat(restarted.awaitInteractions(3, WAIT)).isTrue();
        assertThat(updated.interactions().get(2).requireOk().reason()).isEqualTo(Reason.START_UP);
        assertThat(restarted.interactions().get(2).requireOk().reason()).isEqualTo(Reason.START_UP);
        assertThat(eventsOf(updated.mac())).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                org.deskfleet.kernel.client.ClientIdentityChanged.class,
                x -> assertThat(x.identity().softwareVersion()).isEqualTo("V3 R9.2.0")));
    }

    @Test
    void misbehavingPhonesLeaveTheServerConsistent() throws Exception {
        registered(2203, 3);
        List<LivePhone> phones = fleet.phones();
        Misbehaviour[] modes = {Misbehaviour.DROP, Misbehaviour.MALFORMED, Misbehaviour.SLOW};
        for (int i = 0; i < modes.length; i++) {
            LivePhone p = phones.get(i);
            job(p, "live-misbehave-" + i, "10.22.3." + i);
            p.phone().setSlowReplyDelay(Duration.ofMillis(300));
            p.phone().setMisbehaviour(modes[i]);
        }

        InteractionTrace dropped = phones.get(0).interact(Reason.SOLICITED).get(20, TimeUnit.SECONDS);
        InteractionTrace malformed = phones.get(1).interact(Reason.SOLICITED).get(20, TimeUnit.SECONDS);
        InteractionTrace slow = phones.get(2).interact(Reason.SOLICITED).get(20, TimeUnit.SECONDS);

        assertThat(dropped.failure().kind()).isEqualTo(ErrorKind.CONNECTION_CLOSED);
        assertThat(dropped.actions()).containsExactly(Action.WRITE_ITEMS);
        assertThat(malformed.failure().kind()).isEqualTo(ErrorKind.HTTP_STATUS);
        assertThat(malformed.httpStatuses()).containsExactly(200, 400);
        assertThat(slow.requireOk().actions()).containsExactly(Action.WRITE_ITEMS, Action.CLEAN_UP);
        assertThat(List.of(dropped, malformed, slow)).flatMap(InteractionTrace::httpStatuses).allSatisfy(s -> assertThat(s).isLessThan(500));
        // No answer was read: the job waits for the next interaction.
        assertThat(work.hasPending(device(phones.get(0)))).isTrue();
        assertThat(work.hasPending(device(phones.get(1)))).isTrue();
        assertThat(work.hasPending(device(phones.get(2)))).isFalse();

        for (int i = 0; i < 2; i++) {
            LivePhone p = phones.get(i);
            p.phone().setMisbehaviour(Misbehaviour.NONE);
            InteractionTrace again = p.interact(Reason.SOLICITED).get(20, TimeUnit.SECONDS).requireOk();
            assertThat(again.actions()).containsExactly(Action.WRITE_ITEMS, Action.CLEAN_UP);
            assertThat(p.phone().value("sntp-addr")).contains("10.22.3." + i);
            assertThat(work.hasPending(device(p))).isFalse();
        }
        assertThat(phones.get(2).phone().value("sntp-addr")).contains("10.22.3.2");
    }
}
