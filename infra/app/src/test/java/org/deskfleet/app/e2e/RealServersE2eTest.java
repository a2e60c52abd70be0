package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.test.server.AxonServerContainer;
import org.deskfleet.app.DeskfleetApplication;
import org.deskfleet.app.config.WpiConfiguration;
import org.deskfleet.simulator.ClientConfig;
import org.deskfleet.simulator.ConnectionMode;
import org.deskfleet.simulator.PhoneSimulator;
import org.deskfleet.simulator.RunReport;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.simulator.WpiHttpsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MongoDBContainer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production setup: Axon Server as event store and bus, MongoDB (a replica set) as read store,
 * selected by the same environment switch operators use. Runs wherever Docker runs; skipped elsewhere.
 */
class RealServersE2eTest {

    private static AxonServerContainer axonServer;
    private static MongoDBContainer mongo;

    @BeforeAll
    static void startServers() {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            docker = false;
        }
        Assumptions.assumeTrue(docker, "Docker is not available here: the Axon Server + MongoDB test runs where Docker is");
        axonServer = new AxonServerContainer("axoniq/axonserver:latest").withDevMode(true);
        mongo = new MongoDBContainer("mongo:7");
        axonServer.start();
        mongo.start();
    }

    @AfterAll
    static void stopServers() {
        if (axonServer != null) {
            axonServer.stop();
        }
        if (mongo != null) {
            mongo.stop();
        }
    }

    @Test
    void phonesRegisterAgainstAxonServerAndMongoDb(@TempDir Path data) {
        String mongoUri = mongo.getReplicaSetUrl("deskfleet");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(DeskfleetApplication.class).run(
                "--AXON_SERVER=" + axonServer.getAxonServerAddress(), "--MONGO_URI=" + mongoUri,
                "--deskfleet.data=" + data, "--server.port=0", "--deskfleet.wpi.port=0", "--deskfleet.wpi.secure-port=0", "--deskfleet.dcmp.port=0", "--deskfleet.wpi.host=127.0.0.1")) {
            assertThat(app.getEnvironment().getProperty("axon.axonserver.enabled")).isEqualTo("true");
            int wpiPort = app.getBean(WpiConfiguration.WpiListener.class).port();
            EndToEndSupport.awaitDeliveryCurrent(app); // until then phones are told to come back later
            List<SimulatedPhone> fleet = SimulatedPhone.fleet(401, 0, 10);
            RunReport report;
            try (WpiHttpsClient client = new WpiHttpsClient(ClientConfig.of("127.0.0.1", wpiPort, ConnectionMode.KEEP_ALIVE))) {
                report = new PhoneSimulator(client).run(fleet, 4);
            }
            assertThat(report.registered()).isEqualTo(10);
            GraphQlClient graphql = new GraphQlClient(((WebServerApplicationContext) app).getWebServer().getPort(), data);
            EndToEndSupport.await(() -> graphql.data("{ clients { totalCount } }").get("clients").get("totalCount").asInt(),
                    n -> n == 10, "10 clients in MongoDB");
            JsonNode c = graphql.data("query($id: ID!) { client(deviceId: $id) { deviceType } }",
                    Map.of("id", fleet.get(0).mac())).get("client");
            assertThat(c.get("deviceType").asText()).isEqualTo(fleet.get(0).deviceType());
        }
    }
}
