package org.deskfleet.tools;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command of the tools jar answers --help and refuses an unknown option, before it starts anything. */
class DeskfleetToolsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    static Stream<String> commands() {
        return DeskfleetTools.COMMANDS.keySet().stream();
    }

    /** Some benchmarks write their refusals to the process's standard error: caught here too. */
    private int run(String... args) throws Exception {
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream before = System.err;
        System.setErr(e);
        try {
            return DeskfleetTools.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), e);
        } finally {
            System.setErr(before);
        }
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @MethodSource("commands")
    void answersHelp(String command) throws Exception {
        assertThat(run(command, "--help")).as(printed()).isZero();
        assertThat(printed()).containsIgnoringCase("usage");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void refusesAnUnknownOption(String command) throws Exception {
        assertThat(run(command, "--no-such-option")).as(printed()).isNotZero();
        assertThat(printed()).contains("--no-such-option");
    }

    @Test
    void anOptionWithoutAValueIsKnownAsSuchAndAValuedOneStillNeedsItsValue() throws Exception {
        // --template takes no value: with --nodes left without its value, the refusal names --nodes, not --template
        assertThat(run("bench-jobs", "--template", "--nodes")).isNotZero();
        assertThat(printed()).contains("--nodes needs a value").doesNotContain("unknown option '--template'");
    }

    @Test
    void aListOfProjectionsToRebuildIsCheckedBeforeAnythingStarts() throws Exception {
        assertThat(run("bench-read-side", "--rebuild", "all,client-projection")).isNotZero();
        assertThat(printed()).contains("\"all\" stands alone");
        assertThat(run("bench-read-side", "--rebuild", "client-projection,,history-projection")).isNotZero();
        assertThat(printed()).contains("--rebuild takes projection names separated by commas");
    }

    @Test
    void knowsEveryCommandOfTheLauncherAndRefusesOthers() throws Exception {
        assertThat(DeskfleetTools.COMMANDS.keySet()).containsExactlyInAnyOrder("login", "follow", "rebuild", "report", "simulate",
                "bench", "bench-config", "bench-jobs", "bench-read-side", "bench-mobility", "bench-restart", "bench-auth", "bench-reports",
                "quarantine");
        assertThat(run("nope")).isEqualTo(1);
        assertThat(printed()).contains("unknown command 'nope'");
        assertThat(run("--help")).isZero();
    }
}
