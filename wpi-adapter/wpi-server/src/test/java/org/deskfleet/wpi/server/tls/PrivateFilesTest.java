package org.deskfleet.wpi.server.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrivateFilesTest {

    @TempDir
    Path root;

    @Test
    void keysAndTheirFoldersAreTheOwnersOnlyFromTheStart() throws Exception {
        Path dir = root.resolve("data/tls");
        ServerCertificate created = ServerCertificate.loadOrCreate(dir, "deskfleet");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("wpi-server.key")))).isEqualTo("rw-------");
        // the certificate is for everyone to read, and written whole (to a temporary file, then moved into place)
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("wpi-server.crt")))).isEqualTo("rw-r--r--");
        assertThat(Files.readString(dir.resolve("wpi-server.crt"))).startsWith("-----BEGIN CERTIFICATE-----").contains("-----END CERTIFICATE-----");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("wpi-server.key", "wpi-server.crt");
        }
        assertThat(ServerCertificate.loadOrCreate(dir, "deskfleet").certificate()).isEqualTo(created.certificate());
    }

    @Test
    void aKeyOpenToOthersStopsTheStart() throws Exception {
        Path dir = root.resolve("tls");
        ServerCertificate.loadOrCreate(dir, "deskfleet");
        Files.setPosixFilePermissions(dir.resolve("wpi-server.key"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> ServerCertificate.loadOrCreate(dir, "deskfleet"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("chmod 600");
        Files.setPosixFilePermissions(dir.resolve("wpi-server.key"), PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThatThrownBy(() -> ServerCertificate.loadOrCreate(dir, "deskfleet"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("chmod 700");
    }

    @Test
    void aKeyWithoutItsCertificateIsNeverReplaced() throws Exception {
        Path dir = root.resolve("tls");
        CertificateAuthority.loadOrCreate(dir);
        byte[] caKey = Files.readAllBytes(dir.resolve("ca.key"));
        Files.delete(dir.resolve("ca.crt"));
        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(dir))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("restore the other");
        assertThat(Files.readAllBytes(dir.resolve("ca.key"))).isEqualTo(caKey);
    }

    @Test
    void anExistingFileIsNeverOverwritten() {
        Path file = root.resolve("keys/master.key");
        PrivateFiles.create(file, new byte[]{1});
        assertThatThrownBy(() -> PrivateFiles.create(file, new byte[]{2})).hasMessageContaining("cannot write");
        assertThat(PrivateFiles.read(file)).containsExactly(1);
    }
}
