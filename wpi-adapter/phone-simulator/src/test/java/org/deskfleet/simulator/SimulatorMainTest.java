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
        assertThat(main("--help").out()).contains("--concurrency");
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
