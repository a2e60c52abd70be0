package org.deskfleet.tools.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code deskfleet login}: HTTPS only, to a server whose certificate is trusted; bad arguments are clear errors. */
class CliSignInTest {

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @Test
    void helpNamesTheTrustOptions() {
        assertThat(CliSignIn.run(new String[]{"--help"}, out, err)).isZero();
        assertThat(outBytes.toString(StandardCharsets.UTF_8)).contains("https://127.0.0.1:8080/graphql", "--data DIR", "--cacert FILE");
    }

    @Test
    void aPasswordIsNeverSentInClear() {
        assertThat(CliSignIn.run(new String[]{"--url", "http://127.0.0.1:1/graphql"}, out, err)).isEqualTo(1);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("must start with https://");
        assertThat(outBytes.toString(StandardCharsets.UTF_8)).doesNotContain("export");
    }

    @Test
    void anUnreadableCertificateIsNamed() {
        assertThat(CliSignIn.run(new String[]{"--cacert", "/nonexistent/api.crt"}, out, err)).isEqualTo(1);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("/nonexistent/api.crt", "--cacert");
    }

    @Test
    void unknownOptionsAndMissingValuesAreRefused() {
        assertThat(CliSignIn.run(new String[]{"--bogus"}, out, err)).isEqualTo(1);
        assertThat(CliSignIn.run(new String[]{"--data"}, out, err)).isEqualTo(1);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("unexpected argument '--bogus'", "--data needs a value");
    }
}
