package org.deskfleet.wpi.server.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** How keys are kept: owner-only from their creation, complete or absent, and read back as written. */
class ServerCertificateFilesTest {

    @TempDir
    Path root;

    @Test
    void theKeyIsOwnerOnlyInAnOwnerOnlyDirectoryAndNoTemporaryFileRemains() throws Exception {
        Path dir = root.resolve("data").resolve("tls");
        ServerCertificate created = ServerCertificate.loadOrCreate(dir, "api", () -> ServerCertificate.generate("deskfleet"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("api.key")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("api.crt")))).isEqualTo("rw-r--r--");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("api.crt", "api.key");
        }
        ServerCertificate loaded = ServerCertificate.loadOrCreate(dir, "api", () -> {
            throw new AssertionError("must not generate again");
        });
        assertThat(loaded.certificate()).isEqualTo(created.certificate());
        assertThat(loaded.key().getEncoded()).isEqualTo(created.key().getEncoded());
    }

    @Test
    void theCertificateNamesTheGivenHostNamesAndAddresses() throws Exception {
        ServerCertificate c = ServerCertificate.generate("deskfleet", List.of("api.example", "10.1.2.3", "::1"));
        List<String> names = c.certificate().getSubjectAlternativeNames().stream().map(n -> n.get(0) + "=" + n.get(1)).toList();
        // 2 = DNS name, 7 = IP address
        assertThat(names).contains("2=deskfleet", "2=localhost", "7=127.0.0.1", "2=api.example", "7=10.1.2.3");
        assertThat(names).anyMatch(n -> n.startsWith("7=0:0:0:0:0:0:0:1"));
    }
}
