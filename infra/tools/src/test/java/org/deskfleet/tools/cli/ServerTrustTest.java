package org.deskfleet.tools.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The CLI trusts one certificate file, and says clearly when it has none. */
class ServerTrustTest {

    @TempDir
    Path dir;

    @Test
    void followOverWssWithoutTheServersCertificateIsAClearError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = FollowJob.run(new String[]{"job-1", "--url", "wss://127.0.0.1:1/graphql", "--data", dir.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read the server certificate")
                .contains(dir.resolve("tls/http-server.crt").toString()).contains("--cacert");
    }

    @Test
    void aFileWithoutACertificateIsRefused() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
        assertThatThrownBy(() -> ServerTrust.trusting(junk)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("junk.pem");
    }

    @Test
    void cacertWinsOverTheDataDirectory() {
        assertThat(ServerTrust.certificate("/etc/ca.pem", "/srv/data")).isEqualTo(Path.of("/etc/ca.pem"));
        assertThat(ServerTrust.certificate(null, "/srv/data")).isEqualTo(Path.of("/srv/data/tls/http-server.crt"));
    }
}
