package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.deskfleet.kernel.DeviceId;
import org.deskfleet.simulator.InteractionTrace;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.Reason;
import org.deskfleet.wpi.codec.WpiItem;
import org.deskfleet.wpi.server.work.DeviceJob;
import org.deskfleet.wpi.server.work.InMemoryPendingWork;
import org.deskfleet.wpi.server.work.Steps;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** wpi-protocol §7.4: contact-me → 204 → the phone's solicited interaction → the pending job → CleanUp. */
class ContactMeE2eTest extends EndToEndSupport {

    @Autowired
    InMemoryPendingWork work;

    @Test
    void aContactedPhoneCallsBackAndIsServedItsJob() throws Exception {
        SimulatedPhone phone = SimulatedPhone.generate(1101, 1);
        CompletableFuture<InteractionTrace> callback = new CompletableFuture<>();
        HttpServer listener = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        listener.createContext("/contact_dls.html/ContactDLS", ex -> {
            String form = new String(ex.getRequestBody().readAllBytes());
            ex.getResponseHeaders().add("Server", "DlsClient");
            ex.sendResponseHeaders(204, -1);
            ex.close();
            if (form.contains("ContactMe=true")) {
                // Like a phone: acknowledge first, then open the solicited interaction.
                simulator.interact(phone, Reason.SOLICITED).whenComplete((t, e) -> {
                    if (e != null) {
                        callback.completeExceptionally(e);
                    } else {
                        callback.complete(t);
                    }
                });
            }
        });
        listener.start();
        try {
            phone.setItem("contact-me-uri", "http://127.0.0.1:" + listener.getAddress().getPort() + "/contact_dls.html/ContactDLS");
            simulator.startUp(phone).join().requireOk();
            await(() -> client(phone.mac()), c -> !c.isNull() && c.get("contactMeUri").asText().contains("127.0.0.1"), "registration");
            work.add(DeviceId.parse(phone.mac()).value(), new DeviceJob("contact-job",
                    List.of(Steps.writeItems(List.of(WpiItem.of("sntp-addr", "10.20.30.40"))))));

            JsonNode result = graphql.data("mutation($id: ID!) { contactClient(deviceId: $id) { result httpStatus } }",
                    Map.of("id", phone.mac())).get("contactClient");
            assertThat(result.get("result").asText()).isEqualTo("ACKNOWLEDGED");
            assertThat(result.get("httpStatus").asInt()).isEqualTo(204);

            InteractionTrace trace = callback.get(20, TimeUnit.SECONDS).requireOk();
            assertThat(trace.actions()).containsExactly(Action.WRITE_ITEMS, Action.CLEAN_UP);
            assertThat(phone.value("sntp-addr")).contains("10.20.30.40");

            JsonNode again = graphql.data("mutation($id: ID!) { contactClient(deviceId: $id) { result } }",
                    Map.of("id", phone.mac())).get("contactClient");
            assertThat(again.get("result").asText()).isEqualTo("SKIPPED_CONTACT_GAP");
        } finally {
            listener.stop(0);
        }
    }

    @Test
    void aScanOfAnAddressRangeReportsItsProgress() {
        JsonNode scan = graphql.data("mutation { scanNetwork(address: \"127.0.0.1\", mask: \"/30\") { id total } }").get("scanNetwork");
        assertThat(scan.get("total").asInt()).isEqualTo(2);
        JsonNode done = await(() -> graphql.data("query($id: ID!) { scan(id: $id) { done sent unreachable acknowledged } }",
                Map.of("id", scan.get("id").asText())).get("scan"), s -> s.get("done").asBoolean(), "the scan to end");
        assertThat(done.get("sent").asInt()).isEqualTo(2);
        JsonNode wide = graphql.execute("mutation { scanNetwork(address: \"10.0.0.0\", mask: \"255.0.0.0\") { id } }", Map.of());
        assertThat(wide.get("errors").get(0).get("message").asText()).contains("too wide");
    }
}
