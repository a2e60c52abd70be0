package org.deskfleet.app.e2e;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * More phones at once than the server takes: the excess are told {@code overload} (touching nothing),
 * retry as phones do, and in the end every one is registered; none is lost.
 */
class OverloadE2eTest {

    @TempDir
    Path data;

    @Test
    void theExcessIsShedAndEveryPhoneRegistersAfterRetrying() {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(DeskfleetApplication.class).run(
                "--deskfleet.data=" + data, "--server.port=0", "--deskfleet.wpi.port=0", "--deskfleet.wpi.secure-port=0", "--deskfleet.dcmp.port=0", "--deskfleet.wpi.host=127.0.0.1",
                "--deskfleet.wpi.max-interactions=3")) {
            int port = app.getBean(WpiConfiguration.WpiListener.class).port();
            EndToEndSupport.awaitDeliveryCurrent(app); // until then phones are told to come back later
            List<SimulatedPhone> fleet = SimulatedPhone.fleet(501, 0, 40);
            RunReport report;
            try (WpiHttpsClient client = new WpiHttpsClient(ClientConfig.of("127.0.0.1", port, ConnectionMode.KEEP_ALIVE))) {
                // Real phones retry until served; a busy build machine makes each interaction slower, so
                // the simulated ones get more tries than the five of the default policy.
                report = new PhoneSimulator(client, new org.deskfleet.wpi.codec.WpiCodec(),
                        new org.deskfleet.simulator.RetryPolicy(30, java.time.Duration.ofSeconds(2),
                                java.time.Duration.ofSeconds(4), 64)).run(fleet, 20);
            }
            assertThat(report.overloadRetries()).as("phones told overload").isPositive();
            assertThat(report.failed()).isZero();
            assertThat(report.registered()).isEqualTo(40);
            GraphQlClient graphql = new GraphQlClient(((WebServerApplicationContext) app).getWebServer().getPort(), data);
            EndToEndSupport.await(() -> graphql.data("{ clients { totalCount } }").get("clients").get("totalCount").asInt(),
                    n -> n == 40, "all 40 phones in the read model");
        }
    }
}
