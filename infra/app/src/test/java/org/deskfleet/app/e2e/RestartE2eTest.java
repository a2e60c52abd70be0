package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.deskfleet.app.DeskfleetApplication;
import org.deskfleet.app.config.WpiConfiguration;
import org.deskfleet.simulator.ClientConfig;
import org.deskfleet.simulator.ConnectionMode;
import org.deskfleet.simulator.PhoneSimulator;
import org.deskfleet.simulator.RunReport;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.simulator.WpiHttpsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the embedded default stores survives a restart: events, read model, last contact, keys, certificate. */
class RestartE2eTest {

    @TempDir
    Path data;

    @Test
    void registeredPhonesAreStillThereAfterARestart() {
        List<SimulatedPhone> fleet = SimulatedPhone.fleet(301, 0, 15);
        try (ConfigurableApplicationContext first = start()) {
            RunReport report = run(first, fleet);
            assertThat(report.registered()).isEqualTo(15);
            EndToEndSupport.await(() -> total(first), n -> n == 15, "15 clients");
        }
        try (ConfigurableApplicationContext second = start()) {
            assertThat(total(second)).isEqualTo(15);
            JsonNode c = new GraphQlClient(httpPort(second), data).data("query($id: ID!) { client(deviceId: $id) { e164 softwareVersion lastContact } }",
                    Map.of("id", fleet.get(3).mac())).get("client");
            assertThat(c.get("e164").asText()).isEqualTo(fleet.get(3).e164());
            assertThat(c.get("lastContact").isNull()).isFalse();
            // Known phones are recognised after the restart: no full read again.
            RunReport again = run(second, fleet);
            assertThat(again.alreadyKnown()).isEqualTo(15);
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(DeskfleetApplication.class).run(
                "--deskfleet.data=" + data, "--server.port=0", "--deskfleet.wpi.port=0", "--deskfleet.wpi.secure-port=0", "--deskfleet.dcmp.port=0", "--deskfleet.wpi.host=127.0.0.1",
                "--deskfleet.wpi.contact-flush-interval=200ms");
    }

    private static RunReport run(ConfigurableApplicationContext ctx, List<SimulatedPhone> fleet) {
        int port = ctx.getBean(WpiConfiguration.WpiListener.class).port();
        try (WpiHttpsClient client = new WpiHttpsClient(ClientConfig.of("127.0.0.1", port, ConnectionMode.CLOSE))) {
            return new PhoneSimulator(client).run(fleet, 5);
        }
    }

    private static int httpPort(ConfigurableApplicationContext ctx) {
        return ((WebServerApplicationContext) ctx).getWebServer().getPort();
    }

    private int total(ConfigurableApplicationContext ctx) {
        return new GraphQlClient(httpPort(ctx), data).data("{ clients { totalCount } }").get("clients").get("totalCount").asInt();
    }
}
