package org.deskfleet.simulator;

import org.deskfleet.simulator.bench.Bench;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatorMainTest {

    static TestSupport.SwitchableServer server;

    @BeforeAll
    static void start() {
        server = new TestSupport.SwitchableServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private record Result(int code, String out) {
    }

    private static Result main(String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = SimulatorMain.run(args, new PrintStream(buf, true, StandardCharsets.UTF_8));
        return new Result(code, buf.toString(StandardCharsets.UTF_8));
    }

    private static Result bench(String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = Bench.run(args, new PrintStream(buf, true, StandardCharsets.UTF_8));
        return new Result(code, buf.toString(StandardCharsets.UTF_8));
    }

    @Test
    void runsAFleetAndSummarises() {
        String port = Integer.toString(server.server.port());
        Result keepAlive = main("--host", "127.0.0.1", "--port", port, "--phones", "25", "--concurrency", "5", "--seed", "3");
        assertThat(keepAlive.code()).isZero();
        assertThat(keepAlive.out()).containsPattern("already known\\s+25").containsPattern("failed\\s+0")
                .contains("throughput").contains("result: OK");

        Result close = main("--port=" + port, "--phones", "10", "--connection", "close", "--first", "100");
        assertThat(close.code()).isZero();
        assertThat(close.out()).contains("connection close");
    }

    @Test
    void failuresGiveANonZeroExitCode() {
        Result r = main("--port", Integer.toString(TestSupport.closedPort()), "--phones", "3");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).containsPattern("failed\\s+3").contains("error CONNECT 3");
    }

    @Test
    void usageErrors() {
        assertThat(main("--phones", "many").code()).isEqualTo(2);
        assertThat(main("--bogus").code()).isEqualTo(2);
        assertThat(main("--connection", "sometimes").code()).isEqualTo(2);
        assertThat(main("--help").out()).contains("--concurrency").contains("--live").contains("--dcmp-interval")
                .contains("--call-duration").contains("--software-outcome").contains("--misbehave");
        assertThat(main("--software-outcome", "maybe").code()).isEqualTo(2);
        assertThat(main("--misbehave", "rude").code()).isEqualTo(2);
        assertThat(main("--dcmp-interval", "0").code()).isEqualTo(2);
    }

    @Test
    void liveModeKeepsAnsweringContactMeUntilStopped() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        java.util.concurrent.CompletableFuture<Void> stop = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Integer> code = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                SimulatorMain.run(new String[]{"--live", "--port", Integer.toString(server.server.port()), "--phones", "2",
                        "--seed", "41", "--software-outcome", "keep-old", "--misbehave", "slow", "--slow-delay", "1"}, out, stop));
        java.util.regex.Matcher uri = awaitOutput(buf, "first (http://\\S+ContactDLS)");
        var http = java.net.http.HttpClient.newHttpClient();
        var answer = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(uri.group(1)))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("ContactMe=true")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        assertThat(answer.statusCode()).isEqualTo(204);
        awaitOutput(buf, "contact-me answered 204, calling back");
        assertThat(code).isNotDone();

        stop.complete(null);
        assertThat(code.get(10, java.util.concurrent.TimeUnit.SECONDS)).isZero();
        assertThat(buf.toString(StandardCharsets.UTF_8)).containsPattern("already known\\s+2").contains("live: stopping");
    }

    private static java.util.regex.Matcher awaitOutput(ByteArrayOutputStream buf, String regex) throws InterruptedException {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(regex);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (true) {
            java.util.regex.Matcher m = p.matcher(buf.toString(StandardCharsets.UTF_8));
            if (m.find()) {
                return m;
            }
            assertThat(System.nanoTime()).as("output matching " + regex + " in:\n" + buf).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void benchPrintsATable() {
        Result r = bench("--port", Integer.toString(server.server.port()), "--phones", "40", "--concurrency", "8",
                "--warmup", "5", "--seed", "77");
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("1 registration (new phones)").contains("2 known-phone interaction")
                .contains("3 baseline known-phone").contains("ratio deskfleet/baseline")
                // the baseline never reads items, so phase 1 meets "known" phones only
                .contains("note: 40 phone(s) of phase 1 were already known");
        assertThat(bench("--baseline-only", "--no-baseline").code()).isEqualTo(2);
    }
}
