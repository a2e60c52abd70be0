package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.deskfleet.app.DeskfleetApplication;
import org.deskfleet.app.config.WpiConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the shipped fence (no networks configured), contact-me goes to the address a phone last connected
 * from, on the phone port and the fixed path, whatever contact-me-uri it reported: never to another address
 * and never to a host name. A second listener stands for what an attacker would aim at.
 */
class ContactFenceE2eTest {

    @TempDir
    Path data;

    @Test
    void contactMeGoesOnlyToThePhonesOwnAddress() throws Exception {
        List<String> atPhone = new CopyOnWriteArrayList<>();
        List<String> atTarget = new CopyOnWriteArrayList<>();
        HttpServer phone = listener("127.0.0.1", atPhone);
        HttpServer target = listener("127.0.0.7", atTarget);
        int targetPort = target.getAddress().getPort();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(DeskfleetApplication.class).run(
                "--deskfleet.data=" + data, "--server.port=0", "--deskfleet.wpi.port=0", "--deskfleet.wpi.secure-port=0",
                "--deskfleet.dcmp.port=0", "--deskfleet.wpi.host=127.0.0.1", "--deskfleet.wpi.contact-flush-interval=100ms",
                "--deskfleet.contact-me.phone-port=" + phone.getAddress().getPort())) {
            int wpiPort = app.getBean(WpiConfiguration.WpiListener.class).port();
            EndToEndSupport.awaitDeliveryCurrent(app); // until then phones are told to come back later
            GraphQlClient graphql = new GraphQlClient(((WebServerApplicationContext) app).getWebServer().getPort(), data);
            Map<String, String> reported = Map.of(
                    "02:fe:0c:00:00:01", "http://127.0.0.7:" + targetPort + "/steal",
                    "02:fe:0c:00:00:02", "http://localhost:" + targetPort + "/steal",
                    "02:fe:0c:00:00:03", "http://169.254.169.254:80/latest/meta-data");
            for (var e : reported.entrySet()) {
                try (HostilePeer peer = HostilePeer.connect("127.0.0.1", wpiPort)) {
                    peer.post(HostilePeer.startUp(e.getKey(), "<Item name=\"contact-me-uri\">" + e.getValue() + "</Item>"));
                }
            }
            for (String mac : reported.keySet()) {
                JsonNode result = EndToEndSupport.await(() -> {
                    try {
                        return graphql.data("mutation($id: ID!) { contactClient(deviceId: $id) { result httpStatus detail } }",
                                Map.of("id", mac)).get("contactClient");
                    } catch (AssertionError | RuntimeException notYetInTheReadModel) {
                        return null;
                    }
                }, r -> r != null && !r.path("detail").asText("").contains("not connected yet"), "contact of " + mac);
                assertThat(result.get("result").asText()).as(mac + ": " + result).isEqualTo("ACKNOWLEDGED");
            }
            assertThat(atPhone).hasSize(3).allMatch(r -> r.equals("POST /contact_dls.html/ContactDLS"));
            assertThat(atTarget).as("requests the attacker's chosen target got").isEmpty();
        } finally {
            phone.stop(0);
            target.stop(0);
        }
    }

    private static HttpServer listener(String address, List<String> seen) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 16);
        s.createContext("/", ex -> {
            seen.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        s.start();
        return s;
    }
}
