package org.deskfleet.app.e2e;

import org.deskfleet.simulator.ClientConfig;
import org.deskfleet.simulator.ConnectionMode;
import org.deskfleet.simulator.InteractionTrace;
import org.deskfleet.simulator.PhoneSimulator;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.simulator.WpiHttpsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Old phone firmware (TLS 1.0, RSA key exchange) end to end. The shared server runs the default (no legacy
 * setting): all three listeners refuse such a phone. A server started with
 * {@code --deskfleet.wpi.tls-minimum-version=TLSv1} serves it a whole start-up on the default-mode listener, while
 * its mutual-TLS listener and its HTTPS API, in the same JVM, still refuse it: nothing JVM-wide was lifted.
 */
class LegacyTlsE2eTest extends EndToEndSupport {

    private static final Pattern SECURE_PORT = Pattern.compile("secure mode \\(mutual TLS\\) listening on https://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path legacyData;

    @Test
    void withoutTheLegacySettingEveryListenerRefusesOldFirmware() {
        for (int port : List.of(wpi.port(), wpi.securePort(), httpPort)) {
            assertOldFirmwareRefused(port);
            if (opensslSpeaksTls10()) {
                assertThat(openssl(port, "-tls1", "AES128-SHA:@SECLEVEL=0")).as("port " + port)
                        .doesNotContain("Cipher    : AES128-SHA");
            }
        }
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        int code = org.deskfleet.simulator.SimulatorMain.run(new String[]{"--port", Integer.toString(wpi.port()),
                "--phones", "1", "--seed", "8806", "--old-firmware"}, new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(code).as(printed.toString(StandardCharsets.UTF_8)).isNotZero();
        assertThat(printed.toString(StandardCharsets.UTF_8)).containsIgnoringCase("tls");
        // A modern phone is served as always.
        assertThat(simulator.startUp(SimulatedPhone.generate(8801, 0)).join().requireOk().registered()).isTrue();
    }

    @Test
    void theLegacySettingOpensTheDefaultModeListenerOnly() throws Exception {
        int wpiPort = unusedPort();
        int apiPort = unusedPort();
        Process server = ServerProcess.start(legacyData, apiPort, wpiPort, 1, "384m",
                List.of("--deskfleet.wpi.tls-minimum-version=TLSv1"));
        try {
            ServerProcess.awaitReady(legacyData, apiPort, server);
            // A whole start-up (registration, items read, clean-up) over TLS 1.0 with RSA key exchange.
            SimulatedPhone phone = SimulatedPhone.generate(8802, 0);
            try (WpiHttpsClient old = oldFirmware(wpiPort)) {
                InteractionTrace trace = new PhoneSimulator(old).startUp(phone).join().requireOk();
                assertThat(trace.registered()).isTrue();
                assertThat(trace.steps()).hasSizeGreaterThan(1);
            }
            if (opensslSpeaksTls10()) {
                String out = openssl(wpiPort, "-tls1", "AES128-SHA:@SECLEVEL=0");
                assertThat(out).contains("Protocol  : TLSv1\n").contains("Cipher    : AES128-SHA").contains("HTTP/1.1 200");
                // 3DES was not opted in.
                assertThat(openssl(wpiPort, "-tls1", "DES-CBC3-SHA:@SECLEVEL=0")).doesNotContain("HTTP/1.1 200");
            }
            // The same process: the mutual-TLS listener and the HTTPS API refuse that phone.
            int securePort = securePort();
            for (int port : List.of(securePort, apiPort)) {
                assertOldFirmwareRefused(port);
                if (opensslSpeaksTls10()) {
                    assertThat(openssl(port, "-tls1", "AES128-SHA:@SECLEVEL=0")).as("port " + port)
                            .doesNotContain("Cipher    : AES128-SHA");
                    // RSA key exchange at TLS 1.2 too.
                    assertThat(openssl(port, "-tls1_2", "AES128-GCM-SHA256")).as("port " + port)
                            .doesNotContain("Cipher    : AES128-GCM-SHA256");
                }
            }
            // The simulator's command line, as an operator checks the setting: old-firmware phones registered.
            java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
            int code = org.deskfleet.simulator.SimulatorMain.run(new String[]{"--port", Integer.toString(wpiPort),
                    "--phones", "3", "--seed", "8805", "--old-firmware"}, new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
            assertThat(code).as(printed.toString(StandardCharsets.UTF_8)).isZero();
            // Modern phones still get modern TLS on the legacy listener.
            try (WpiHttpsClient modern = new WpiHttpsClient(ClientConfig.of("127.0.0.1", wpiPort, ConnectionMode.KEEP_ALIVE))) {
                assertThat(new PhoneSimulator(modern).startUp(SimulatedPhone.generate(8803, 0)).join().requireOk().registered()).isTrue();
            }
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
            server.destroyForcibly();
        }
    }

    private int securePort() {
        return await(() -> {
            try {
                Matcher m = SECURE_PORT.matcher(Files.readString(ServerProcess.log(legacyData, 1)));
                return m.find() ? Integer.parseInt(m.group(1)) : -1;
            } catch (IOException e) {
                return -1;
            }
        }, p -> p > 0, "the secure-mode port in the server's log", Duration.ofSeconds(30));
    }

    private static WpiHttpsClient oldFirmware(int port) {
        return new WpiHttpsClient(ClientConfig.of("127.0.0.1", port, ConnectionMode.KEEP_ALIVE)
                .withTlsProtocols(List.of("TLSv1")));
    }

    private static void assertOldFirmwareRefused(int port) {
        try (WpiHttpsClient old = oldFirmware(port)) {
            assertThatThrownBy(() -> new PhoneSimulator(old).startUp(SimulatedPhone.generate(8809, 0)).join().requireOk())
                    .as("port " + port).hasMessageContaining("TLS");
        }
    }

    private static boolean opensslSpeaksTls10() {
        try {
            Process p = new ProcessBuilder("openssl", "ciphers", "-tls1", "AES128-SHA:@SECLEVEL=0").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0 && out.contains("AES128-SHA");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** openssl s_client as an old phone: one HTTP request over the given version and suites; its whole output. */
    private static String openssl(int port, String version, String ciphers) {
        String body = "<WorkpointMessage xmlns=\"http://www.siemens.com/DLS\"><Message nonce=\"0A1B\" maxItems=\"-1\">"
                + "<ReasonForContact>start-up</ReasonForContact><ItemList><Item name=\"mac-addr\">001AE8008804</Item>"
                + "<Item name=\"device-type\">OpenStage 40</Item></ItemList></Message></WorkpointMessage>";
        String request = "POST /DeploymentService/LoginService HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n"
                + "Connection: close\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        try {
            File log = File.createTempFile("openssl", ".txt");
            try {
                Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, version,
                        "-cipher", ciphers, "-ign_eof").redirectErrorStream(true).redirectOutput(log).start();
                p.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                p.getOutputStream().close();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("openssl s_client did not finish");
                }
                return Files.readString(log.toPath());
            } finally {
                log.delete();
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
