package org.deskfleet.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deskfleet.app.DeskfleetApplication;
import org.deskfleet.app.config.WpiConfiguration;
import org.deskfleet.kernel.DeviceId;
import org.deskfleet.simulator.ClientConfig;
import org.deskfleet.simulator.ConnectionMode;
import org.deskfleet.simulator.PhoneSimulator;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.simulator.WpiHttpsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deskfleet report audit} against a real server started in this JVM: it trusts the server's own certificate
 * from {@code --data}, sends the session token, and writes the export as the server streams it; the server's
 * refusals come out as a reason on standard error and exit 1.
 */
class ReportCommandTest {

    static final String PASSWORD = "Audit!Trail-4k7Q";
    static final String SNTP = "general.date-time.sntp-server-address";

    @TempDir
    Path data;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void exportsTheWindowAsCsvAndJsonToStandardOutput() throws Exception {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(DeskfleetApplication.class)
                .run("--deskfleet.data=" + data, "--server.port=0", "--deskfleet.wpi.port=0", "--deskfleet.wpi.secure-port=0",
                        "--deskfleet.dcmp.port=0", "--logging.level.root=WARN")) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            URI graphql = URI.create("https://127.0.0.1:" + port + "/graphql");
            HttpClient https = ServerTrust.clientFor(graphql, null, data.toString());
            String first = null;
            for (int i = 0; first == null; i++) {
                try {
                    first = CliSignIn.signIn(https, graphql, "admin", "change_me", null).get("sessionToken").asText();
                } catch (IllegalStateException starting) {
                    // the accounts are still being loaded (503) for a moment after the start
                    if (i > 300) {
                        throw starting;
                    }
                    Thread.sleep(100);
                }
            }
            CliSignIn.changePassword(https, graphql, first, "change_me", PASSWORD);
            String token = CliSignIn.signIn(https, graphql, "admin", PASSWORD, null).get("sessionToken").asText();

            SimulatedPhone phone = SimulatedPhone.generate(7311, 0);
            try (WpiHttpsClient wpi = new WpiHttpsClient(ClientConfig.of("127.0.0.1",
                    app.getBean(WpiConfiguration.WpiListener.class).port(), ConnectionMode.KEEP_ALIVE))) {
                new PhoneSimulator(wpi).run(List.of(phone), 1);
            }
            String mac = DeviceId.parse(phone.mac()).value();
            Instant from = Instant.now();
            JsonNode changed = null;
            for (int i = 0; i < 300 && (changed == null || changed.has("errors")); i++) {
                // the phone shows in the read model shortly after its registration
                Thread.sleep(changed == null ? 0 : 100);
                changed = CliSignIn.call(https, graphql, token, """
                        mutation($id: ID!) { changeClientConfiguration(deviceId: $id, reason: "cli export", deliver: false,
                          changes: [{parameter: "%s", value: "10.73.1.1"}]) { deviceId } }""".formatted(SNTP), Map.of("id", mac));
            }
            assertThat(changed.has("errors")).as(changed.toString()).isFalse();
            String[] window = {"--http-port", String.valueOf(port), "--data", data.toString(), "audit", "--from", from.toString(),
                    "--to", Instant.now().plusSeconds(60).toString()};

            String csv = "";
            for (int i = 0; i < 300 && !csv.contains("10.73.1.1"); i++) {
                // the audit trail is a projection too
                Thread.sleep(100);
                out.reset();
                assertThat(ReportCommand.run(window, out, new PrintStream(err), null, token)).as(err.toString()).isZero();
                csv = out.toString(StandardCharsets.UTF_8);
            }
            assertThat(csv.lines().findFirst().orElseThrow()).startsWith("at,deviceId,sequence,parameter");
            assertThat(csv).contains(mac + ",").contains(SNTP).contains("10.73.1.1").contains("cli export");

            out.reset();
            String[] json = java.util.stream.Stream.concat(java.util.Arrays.stream(window), java.util.stream.Stream.of("--format", "json"))
                    .toArray(String[]::new);
            assertThat(ReportCommand.run(json, out, new PrintStream(err), null, token)).isZero();
            JsonNode rows = new ObjectMapper().readTree(out.toByteArray());
            assertThat(rows.isArray()).isTrue();
            assertThat(rows).anyMatch(r -> r.get("deviceId").asText().equals(mac) && r.get("newValue").asText().equals("10.73.1.1"));

            // Not signed in: the server's 401 and its reason, exit 1, nothing on standard output.
            out.reset();
            err.reset();
            assertThat(ReportCommand.run(window, out, new PrintStream(err, true, StandardCharsets.UTF_8), null, "not-a-token"))
                    .isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("HTTP 401");
            assertThat(out.size()).isZero();

            // The rebuild command too: a refused token is said as such (it once read "no server at ..."), exit 1.
            err.reset();
            assertThat(RebuildProjection.rebuild("client-projection", https, graphql, "not-a-token", false,
                    new PrintStream(out), new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("did not accept the sign-in (HTTP 401)")
                    .doesNotContain("no server");
        }
    }

    @Test
    void refusesABadWindowBeforeAskingAnyone() throws Exception {
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(ReportCommand.run(new String[]{"audit", "--from", "2026-02-01T00:00:00Z", "--to", "2026-01-01T00:00:00Z"},
                out, e, null, "t")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--from is after --to");
        err.reset();
        assertThat(ReportCommand.run(new String[]{"audit", "--from", "yesterday", "--to", "2026-01-01T00:00:00Z"}, out, e, null, "t"))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--from must be an ISO-8601 instant");
        err.reset();
        assertThat(ReportCommand.run(new String[]{"firmware"}, out, e, null, "t")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown report 'firmware'");
        err.reset();
        assertThat(ReportCommand.run(new String[]{"audit", "--to", "2026-01-01T00:00:00Z"}, out, e, null, "t")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("audit needs --from and --to");
        assertThat(out.size()).isZero();
    }
}
