package org.deskfleet.app.e2e;

import org.deskfleet.app.config.DcmpConfiguration;
import org.deskfleet.kernel.DeviceId;
import org.deskfleet.kernel.client.AccessMode;
import org.deskfleet.kernel.client.ClientAccessModeChanged;
import org.deskfleet.simulator.InteractionTrace;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.Reason;
import org.deskfleet.wpi.codec.WpiItem;
import org.deskfleet.wpi.server.work.InMemoryPendingWork;
import org.deskfleet.wpi.server.work.Steps;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** wpi-protocol §8.4: a phone behind NAT polls; 200 while nothing waits, 202 once a job does, then solicited. */
class DcmpE2eTest extends EndToEndSupport {

    @Autowired
    DcmpConfiguration.DcmpListener dcmp;
    @Autowired
    InMemoryPendingWork work;

    private int poll(String deviceId) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dcmp.port()
                + "/dcmp/contact-me?device-id=" + deviceId)).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void aPollingPhoneGetsItsJobOnTheNextPoll() throws Exception {
        SimulatedPhone phone = SimulatedPhone.generate(1001, 1);
        simulator.startUp(phone).join().requireOk();
        String device = DeviceId.parse(phone.mac()).value();

        assertThat(poll(phone.mac())).isEqualTo(200);
        work.add(device, new org.deskfleet.wpi.server.work.DeviceJob("dcmp-job",
                List.of(Steps.writeItems(List.of(WpiItem.of("sntp-addr", "10.11.12.13"))))));
        assertThat(poll(phone.mac().toLowerCase().replace(':', '-'))).isEqualTo(202);

        InteractionTrace solicited = simulator.interact(phone, Reason.SOLICITED).join().requireOk();
        assertThat(solicited.actions()).containsExactly(Action.WRITE_ITEMS, Action.CLEAN_UP);
        assertThat(poll(phone.mac())).isEqualTo(200);

        // A poll is evidence of nothing (anyone can send one): the access mode stays as it was.
        Thread.sleep(2_500); // one pass of the access-mode recorder
        assertThat(eventsOf(phone.mac()).stream().filter(ClientAccessModeChanged.class::isInstance)).isEmpty();
        // An operator sets it, and back.
        graphql.data("mutation($id: ID!) { setClientAccessMode(deviceId: $id, mode: DCMP) }", Map.of("id", phone.mac()));
        await(() -> graphql.data("query($id: ID!) { client(deviceId: $id) { accessMode } }", Map.of("id", phone.mac()))
                .get("client").get("accessMode").asText(), "DCMP"::equals, "access mode in the read model");
        // It starts up and is given no polling settings (DCMP disabled here): reached directly again.
        simulator.startUp(phone).join().requireOk();
        await(() -> eventsOf(phone.mac()).stream().filter(ClientAccessModeChanged.class::isInstance)
                        .map(e -> ((ClientAccessModeChanged) e).after()).toList(),
                l -> l.equals(List.of(AccessMode.DCMP, AccessMode.DIRECT)), "back to DIRECT at its start-up");
    }

    @Test
    void badPollsGetAClearAnswer() throws Exception {
        assertThat(poll("not-a-mac")).isEqualTo(400);
        var r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dcmp.port() + "/other"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("no DCMP service");
    }
}
