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

    /**
     * A rebuilt read model is the read model from then on: rebuilt twice (the second rebuild's shadows take the
     * names the first one's had), it survives a restart document by document and goes on following new events.
     */
    @Test
    void aRebuiltReadModelSurvivesARestartAndFollowsNewEvents() throws Exception {
        List<SimulatedPhone> fleet = SimulatedPhone.fleet(302, 0, 6);
        String phone = fleet.get(2).mac();
        Map<String, List<org.bson.Document>> rebuilt;
        JsonNode history;
        try (ConfigurableApplicationContext first = start()) {
            assertThat(run(first, fleet).registered()).isEqualTo(6);
            EndToEndSupport.await(() -> total(first), n -> n == 6, "6 clients");
            history = EndToEndSupport.await(() -> history(first, phone), h -> h.size() > 0, "the phone's history");
            awaitCaughtUp(first);
            Map<String, List<org.bson.Document>> before = readModel(first);
            org.deskfleet.api.admin.ProjectionMaintenance maintenance = first.getBean(org.deskfleet.api.admin.ProjectionMaintenance.class);
            for (int i = 0; i < 2; i++) {
                for (String projection : List.of("client-projection", "history-projection")) {
                    assertThat(maintenance.rebuild(projection).get(5, java.util.concurrent.TimeUnit.MINUTES).events()).isPositive();
                }
            }
            rebuilt = readModel(first);
            assertThat(rebuilt).isEqualTo(before);
            assertThat(history(first, phone)).isEqualTo(history);
            // no shadow left, the unique index on _id where it belongs
            org.springframework.data.mongodb.core.MongoTemplate mongo = first.getBean(org.springframework.data.mongodb.core.MongoTemplate.class);
            assertThat(mongo.getCollectionNames()).noneMatch(c -> c.endsWith(org.deskfleet.query.ReadModels.SHADOW));
            assertThat(mongo.indexOps("clients").getIndexInfo()).anyMatch(i -> i.getName().equals("_id_"));
        }
        try (ConfigurableApplicationContext second = start()) {
            assertThat(readModel(second)).as("the rebuilt read model after a restart").isEqualTo(rebuilt);
            assertThat(total(second)).isEqualTo(6);
            assertThat(history(second, phone)).isEqualTo(history);
            // New events reach the live read model.
            List<SimulatedPhone> more = SimulatedPhone.fleet(302, 6, 3);
            assertThat(run(second, more).registered()).isEqualTo(3);
            EndToEndSupport.await(() -> total(second), n -> n == 9, "9 clients");
            EndToEndSupport.await(() -> history(second, more.get(0).mac()), h -> h.size() > 0, "a new phone's history");
        }
    }

    /**
     * A server stopped inside a rebuild's reset window: the positions reset (the reset handlers dropped the shadows),
     * the rebuild not yet recorded (ProjectionAdmin records it only after the reset). At the next start nothing says
     * "rebuilding": the processors replay from the start into the live read model, which serves all along and ends as
     * it was, document by document (the sequence guards), and goes on following new events.
     */
    @Test
    void aServerStoppedBetweenARebuildsResetAndItsRecordReplaysIntoTheLiveReadModel() {
        List<SimulatedPhone> fleet = SimulatedPhone.fleet(303, 0, 6);
        Map<String, List<org.bson.Document>> before;
        try (ConfigurableApplicationContext first = start()) {
            assertThat(run(first, fleet).registered()).isEqualTo(6);
            EndToEndSupport.await(() -> total(first), n -> n == 6, "6 clients");
            awaitCaughtUp(first);
            before = readModel(first);
            org.deskfleet.query.ReadModels.Server server = first.getBean(org.deskfleet.query.ReadModels.Server.class);
            org.axonframework.config.EventProcessingConfiguration processing =
                    first.getBean(org.axonframework.config.EventProcessingConfiguration.class);
            for (String projection : List.of("client-projection", "history-projection")) {
                // what ProjectionAdmin.rebuild does up to the reset, and no further
                org.axonframework.eventhandling.StreamingEventProcessor processor = processing
                        .eventProcessor(projection, org.axonframework.eventhandling.StreamingEventProcessor.class).orElseThrow();
                processor.shutDown();
                org.deskfleet.query.ReadModels.rebuilding(server, projection, true);
                org.deskfleet.query.ReadModels.handling(server, projection, () -> {
                    processor.resetTokens();
                    return null;
                });
            }
            assertThat(readModel(first)).as("the reset dropped the shadows, not the live read model").isEqualTo(before);
        }
        try (ConfigurableApplicationContext second = start()) {
            assertThat(total(second)).as("the live read model answers at once").isEqualTo(6);
            awaitCaughtUp(second);
            assertThat(readModel(second)).as("after replaying every event into it").isEqualTo(before);
            // the reset left the client list's shadow declared (its indexes) and empty; the next rebuild drops it
            org.springframework.data.mongodb.core.MongoTemplate mongo = second.getBean(org.springframework.data.mongodb.core.MongoTemplate.class);
            assertThat(mongo.getCollectionNames()).filteredOn(c -> c.endsWith(org.deskfleet.query.ReadModels.SHADOW))
                    .allSatisfy(c -> assertThat(mongo.getCollection(c).countDocuments()).as(c).isZero());
            List<SimulatedPhone> more = SimulatedPhone.fleet(303, 6, 2);
            assertThat(run(second, more).registered()).isEqualTo(2);
            EndToEndSupport.await(() -> total(second), n -> n == 8, "8 clients");
            EndToEndSupport.await(() -> history(second, more.get(1).mac()), h -> h.size() > 0, "a new phone's history");
        }
    }

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

    private JsonNode history(ConfigurableApplicationContext ctx, String mac) {
        return new GraphQlClient(httpPort(ctx), data).data("query($id: ID!) { client(deviceId: $id) { parameterHistory(first: 1000) "
                + "{ sequence name index newValue } } }", Map.of("id", mac)).get("client").get("parameterHistory");
    }

    /** The client and history collections, document by document. */
    private static Map<String, List<org.bson.Document>> readModel(ConfigurableApplicationContext ctx) {
        org.springframework.data.mongodb.core.MongoTemplate mongo = ctx.getBean(org.springframework.data.mongodb.core.MongoTemplate.class);
        Map<String, List<org.bson.Document>> all = new java.util.TreeMap<>();
        for (String c : List.of("clients", "client_history_heads", "client_history_events")) {
            all.put(c, mongo.find(new org.springframework.data.mongodb.core.query.Query()
                    .with(org.springframework.data.domain.Sort.by("_id")), org.bson.Document.class, c));
        }
        return all;
    }

    /** Every projection has processed what the event store holds now. */
    private static void awaitCaughtUp(ConfigurableApplicationContext ctx) {
        org.axonframework.config.Configuration axon = ctx.getBean(org.axonframework.config.Configuration.class);
        long head = axon.eventStore().createHeadToken().position().orElse(-1);
        EndToEndSupport.await(() -> ctx.getBean(org.axonframework.config.EventProcessingConfiguration.class).eventProcessors().values()
                        .stream().filter(p -> p instanceof org.axonframework.eventhandling.StreamingEventProcessor)
                        .map(p -> (org.axonframework.eventhandling.StreamingEventProcessor) p)
                        .allMatch(p -> !p.processingStatus().isEmpty() && p.processingStatus().values().stream()
                                .allMatch(st -> st.getCurrentPosition().orElse(-1) >= head)),
                b -> b, "projections at position " + head, java.time.Duration.ofSeconds(60));
    }

    private int total(ConfigurableApplicationContext ctx) {
        return new GraphQlClient(httpPort(ctx), data).data("{ clients { totalCount } }").get("clients").get("totalCount").asInt();
    }
}
