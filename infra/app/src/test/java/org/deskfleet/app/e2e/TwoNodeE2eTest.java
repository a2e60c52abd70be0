package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.deskfleet.kernel.DeviceId;
import org.deskfleet.simulator.ClientConfig;
import org.deskfleet.simulator.lab.RoundRobinForwarder;
import org.deskfleet.simulator.lab.ThrowawayPostgres;
import org.deskfleet.simulator.InteractionTrace;
import org.deskfleet.simulator.ConnectionMode;
import org.deskfleet.simulator.PhoneSimulator;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.simulator.WpiHttpsClient;
import org.deskfleet.simulator.live.LiveFleet;
import org.deskfleet.simulator.live.LiveOptions;
import org.deskfleet.simulator.live.LivePhone;
import org.deskfleet.wpi.codec.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two app nodes (processes of their own) on one PostgreSQL event store (a throwaway cluster the test starts)
 * and one MongoDB-wire read store (started here, as a replica set would be outside both nodes), behind a
 * round-robin TCP balancer: every phone opens a connection per request, so its requests alternate between
 * the nodes within one interaction. A configuration job to every phone completes with each phone written
 * exactly once; a second job survives {@code kill -9} of one node: the other finishes it, no target is lost,
 * and no phone whose result was recorded before the kill is written again.
 */
class TwoNodeE2eTest {

    static final String SNTP = "general.date-time.sntp-server-address";
    /** 500 phones (about four minutes on a two-core machine); {@code -Ddeskfleet.two-node.phones=100} for a quicker run. */
    static final int PHONES = Integer.getInteger("deskfleet.two-node.phones", 500);

    @TempDir
    Path data;

    record Node(String id, Path data, int wpiPort, int httpPort, Process process) {
    }

    @Test
    void phonesAlternatingNodesGetEachJobOnceAndAKilledNodesWorkIsFinishedByTheOther() throws Exception {
        String noPostgres = ThrowawayPostgres.unavailable();
        org.junit.jupiter.api.Assumptions.assumeTrue(noPostgres == null, noPostgres);
        try (ThrowawayPostgres postgres = ThrowawayPostgres.start()) {
            MongoServer mongo = new MongoServer(new MemoryBackend());
            mongo.bind("127.0.0.1", 0);
            int mongoPort = mongo.getLocalAddress().getPort();
            String masterKey = key();
            String sealingKey = key();
            List<Node> nodes = new ArrayList<>();
            try {
                nodes.add(start("a", postgres, mongoPort, masterKey, sealingKey));
                awaitReady(nodes.get(0));
                nodes.add(start("b", postgres, mongoPort, masterKey, sealingKey));
                awaitReady(nodes.get(1));
                try {
                    run(nodes, mongoPort);
                } catch (AssertionError e) {
                    dumpEvents(postgres);
                    try (MongoClient m = MongoClients.create("mongodb://127.0.0.1:" + mongoPort);
                         var out = Files.newBufferedWriter(Path.of("target", "two-node-readstore.txt"))) {
                        for (String c : List.of("job_targets", "jobs", "axon_tracking_tokens")) {
                            for (Document d : m.getDatabase("deskfleet").getCollection(c).find()) {
                                if (!c.equals("job_targets") || !d.toJson().contains("SUCCESS")) {
                                    out.write(c + " " + d.toJson() + "\n");
                                }
                            }
                        }
                    }
                    throw e;
                }
            } finally {
                for (Node n : nodes) {
                    n.process().destroyForcibly();
                    n.process().waitFor();
                }
                mongo.shutdownNow();
            }
        }
    }

    private void run(List<Node> nodes, int mongoPort) throws Exception {
        Node a = nodes.get(0);
        Node b = nodes.get(1);
        List<SimulatedPhone> phones = SimulatedPhone.fleet(5101, 0, PHONES);
        long started = System.nanoTime();
        try (RoundRobinForwarder balancer = new RoundRobinForwarder(List.of(a.wpiPort(), b.wpiPort()));
             WpiHttpsClient wpi = new WpiHttpsClient(ClientConfig.of("127.0.0.1", balancer.port(), ConnectionMode.CLOSE));
             LiveFleet fleet = LiveFleet.start(new PhoneSimulator(wpi), phones, LiveOptions.defaults());
             MongoClient readStore = MongoClients.create("mongodb://127.0.0.1:" + mongoPort)) {
            assertThat(fleet.startUpAll(16).registered()).isEqualTo(PHONES);
            GraphQlClient onA = new GraphQlClient(a.httpPort(), a.data());
            GraphQlClient onB = new GraphQlClient(b.httpPort(), b.data());
            EndToEndSupport.await(() -> onB.data("{ clients { totalCount } }").get("clients").get("totalCount").asInt(),
                    n -> n == PHONES, PHONES + " clients", Duration.ofSeconds(120));
            // Both nodes answered phones, and each contacts a share of them.
            assertThat(balancer.connections(0)).isGreaterThan(PHONES / 4);
            assertThat(balancer.connections(1)).isGreaterThan(PHONES / 4);
            EndToEndSupport.await(() -> leaseOwners(readStore), owners -> owners.equals(Set.of("a", "b")),
                    "delivery partitions held by both nodes", Duration.ofSeconds(30));
            // The device CA and the listeners' keys are the same on both nodes: a phone trusts either.
            assertThat(Files.readAllBytes(a.data().resolve("tls/ca.crt"))).isEqualTo(Files.readAllBytes(b.data().resolve("tls/ca.crt")));

            // 1. A configuration job to every phone, submitted on one node, delivered through both.
            String first = submit(onA, phones, "10.1.1.1");
            JsonNode done = EndToEndSupport.await(() -> job(onB, first), j -> ended(j) && succeeded(j).size() == PHONES,
                    "the first job done on every phone", Duration.ofSeconds(240));
            assertThat(done.get("state").asText()).isEqualTo("SUCCESS");
            Map<String, Integer> afterFirst = new HashMap<>();
            Map<String, Integer> interactionsAfterFirst = new HashMap<>();
            int brokenFirst = 0;
            for (LivePhone p : fleet.phones()) {
                int writes = DeliveryRestartE2eTest.count(p, Action.WRITE_ITEMS);
                if (writes != 1) {
                    // No node died: only an interaction the phone itself gave up (a request timed out on this
                    // loaded machine) after a write can leave the server not knowing whether the value took.
                    assertThat(writes).as("writes to %s", p.mac()).isEqualTo(2);
                    assertThat(p.interactions()).as("%s written twice: an interaction with a write broke", p.mac())
                            .anyMatch(t -> !t.ok() && t.actions().contains(Action.WRITE_ITEMS));
                    brokenFirst++;
                }
                assertThat(p.phone().value("sntp-addr")).as(p.mac()).contains("10.1.1.1");
                afterFirst.put(DeviceId.parse(p.mac()).value(), writes);
                interactionsAfterFirst.put(DeviceId.parse(p.mac()).value(), p.interactions().size());
            }
            System.out.printf("two nodes: %d phones, first job done after %d s (connections a=%d b=%d); %d written twice "
                            + "after an interaction of theirs broke%n", PHONES, (System.nanoTime() - started) / 1_000_000_000,
                    balancer.connections(0), balancer.connections(1), brokenFirst);
            assertThat(brokenFirst).as("phones whose interaction broke without a node dying").isLessThanOrEqualTo(PHONES / 20);

            // 2. A second job; node a is killed outright once some targets are done. Node b finishes it.
            String second = submit(onB, phones, "10.2.2.2");
            JsonNode mid = EndToEndSupport.await(() -> job(onB, second), j -> succeeded(j).size() >= PHONES / 5,
                    "a fifth of the second job done", Duration.ofSeconds(120));
            Set<String> recordedBeforeKill = succeeded(mid);
            a.process().destroyForcibly(); // SIGKILL: no shutdown hook, no lease given back
            a.process().waitFor();
            assertThat(recordedBeforeKill.size()).isLessThan(PHONES);
            // The job's own word (JobCompleted: every target succeeded) and every phone's value are the check.
            // The read model's per-target rows are counted apart: after a kill its job-projection has been seen
            // to miss a target's row (an open issue, printed below), which must not hide a lost target.
            JsonNode end = EndToEndSupport.await(() -> job(onB, second), TwoNodeE2eTest::ended,
                    "node b to finish the second job", Duration.ofSeconds(240));
            assertThat(end.get("state").asText()).isEqualTo("SUCCESS");
            int rowsBehind = PHONES - succeeded(end).size();
            int again = 0;
            for (LivePhone p : fleet.phones()) {
                String id = DeviceId.parse(p.mac()).value();
                int writes = DeliveryRestartE2eTest.count(p, Action.WRITE_ITEMS) - afterFirst.get(id);
                assertThat(p.phone().value("sntp-addr")).as(id).contains("10.2.2.2");
                if (recordedBeforeKill.contains(id)) {
                    assertThat(writes).as("second-job writes to %s, recorded before the kill", id).isEqualTo(1);
                } else if (writes != 1) {
                    // Written once more only if an interaction that wrote to it broke: its request (or reply) was
                    // on the killed node at the kill, so no node could know whether the phone took the value.
                    List<InteractionTrace> traces = p.interactions().subList(interactionsAfterFirst.get(id), p.interactions().size());
                    assertThat(writes).as("second-job writes to %s", id).isEqualTo(2);
                    assertThat(traces).as("%s written twice: an interaction with a write broke at the kill", id)
                            .anyMatch(t -> !t.ok() && t.actions().contains(Action.WRITE_ITEMS));
                    again++;
                }
            }
            assertThat(leaseOwners(readStore)).containsExactly("b");
            System.out.printf("two nodes: %d phones, second job done after the kill of node a after %d s in all; "
                            + "%d recorded before the kill, %d phones written a second time (in flight at the kill); "
                            + "job_targets rows not showing SUCCESS: %d%n",
                    PHONES, (System.nanoTime() - started) / 1_000_000_000, recordedBeforeKill.size(), again, rowsBehind);
        }
    }

    /** On failure: the Job events as stored, for a look at what the nodes decided. */
    private static void dumpEvents(ThrowawayPostgres postgres) {
        try (var c = java.sql.DriverManager.getConnection(postgres.url(), ThrowawayPostgres.USER, "");
             var rs = c.createStatement().executeQuery("select globalindex, aggregateidentifier, sequencenumber, payloadtype, "
                     + "convert_from(payload, 'UTF8') from domainevententry where payloadtype like '%job%' order by globalindex")) {
            try (var out = Files.newBufferedWriter(Path.of("target", "two-node-events.txt"))) {
                while (rs.next()) {
                    String payload = rs.getString(5);
                    out.write(rs.getLong(1) + " " + rs.getString(2) + " " + rs.getLong(3) + " " + rs.getString(4) + " "
                            + payload.substring(0, Math.min(300, payload.length())) + "\n");
                }
            }
        } catch (Exception e) {
            System.out.println("no event dump: " + e);
        }
    }

    private static String submit(GraphQlClient graphql, List<SimulatedPhone> phones, String value) {
        return graphql.data("""
                mutation($ids: [ID!]) { submitConfiguration(targets: {deviceIds: $ids}, options: {reason: "two nodes"},
                  changes: [{parameter: "%s", value: "%s"}]) { jobId } }""".formatted(SNTP, value),
                Map.of("ids", phones.stream().map(SimulatedPhone::mac).toList())).get("submitConfiguration").get("jobId").asText();
    }

    private static Set<String> leaseOwners(MongoClient readStore) {
        Set<String> owners = new HashSet<>();
        long now = System.currentTimeMillis();
        for (Document d : readStore.getDatabase("deskfleet").getCollection("delivery_leases").find()) {
            if (d.getString("owner") != null && d.getDate("until").getTime() > now) {
                owners.add(d.getString("owner"));
            }
        }
        return owners;
    }

    private static boolean ended(JsonNode job) {
        return !job.isNull() && job.get("state").asText().equals("SUCCESS");
    }

    private static Set<String> succeeded(JsonNode job) {
        Set<String> out = new HashSet<>();
        if (job.isNull()) {
            return out;
        }
        job.get("targets").forEach(t -> {
            if (t.get("state").asText().equals("SUCCESS")) {
                out.add(t.get("deviceId").asText());
            }
        });
        return out;
    }

    private static JsonNode job(GraphQlClient graphql, String id) {
        return graphql.data("query($id: ID!) { job(id: $id, targetsFirst: 1000) { state targets { deviceId state } } }",
                Map.of("id", id)).get("job");
    }

    private static String key() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    private Node start(String id, ThrowawayPostgres postgres, int mongoPort, String masterKey, String sealingKey) throws IOException {
        Path dir = data.resolve(id);
        Files.createDirectories(dir);
        int wpiPort = freePort();
        int httpPort = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "org.deskfleet.app.DeskfleetApplication",
                "--deskfleet.node.id=" + id, "--deskfleet.eventstore=postgres",
                "--deskfleet.postgres.url=" + postgres.url(), "--deskfleet.postgres.username=" + ThrowawayPostgres.USER,
                "--deskfleet.data=" + dir, "--server.port=" + httpPort, "--deskfleet.wpi.port=" + wpiPort,
                "--deskfleet.wpi.secure-port=0", "--deskfleet.dcmp.port=0", "--deskfleet.wpi.host=127.0.0.1",
                "--deskfleet.contact-me.allowed-networks=127.0.0.0/8", "--deskfleet.contact-me.max-per-second=40",
                "--deskfleet.contact-me.gap=2s", "--deskfleet.jobs.recontact=60s", "--deskfleet.jobs.first-backoff=2s",
                "--deskfleet.wpi.contact-flush-interval=500ms",
                "--spring.graphql.graphiql.enabled=false"));
        // -Ddeskfleet.two-node.debug=true: each node logs delivery decisions (contacts, what a call-in was served).
        if (Boolean.getBoolean("deskfleet.two-node.debug")) {
            cmd.addAll(List.of("--logging.level.org.deskfleet.delivery=DEBUG", "--logging.level.org.deskfleet.wpi.server.interaction=DEBUG"));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(log(id).toFile());
        pb.environment().put("MONGO_URI", "mongodb://127.0.0.1:" + mongoPort + "/deskfleet");
        pb.environment().put("DESKFLEET_MASTER_KEY", masterKey);
        pb.environment().put("DESKFLEET_SEALING_KEY", sealingKey);
        return new Node(id, dir, wpiPort, httpPort, pb.start());
    }

    private void awaitReady(Node node) {
        try {
            ServerProcess.awaitReady(node.data(), node.httpPort(), node.process());
        } catch (AssertionError e) {
            throw new AssertionError("node " + node.id() + ": " + e.getMessage() + "\n" + tail(log(node.id())), e);
        }
    }

    /** Kept after the test (in the build's directory), for a look at what each node did. */
    private static Path log(String node) {
        return Path.of("target", "two-node-" + node + ".log").toAbsolutePath();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
