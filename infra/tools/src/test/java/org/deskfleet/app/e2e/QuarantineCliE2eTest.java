package org.deskfleet.app.e2e;

import org.deskfleet.kernel.DeviceId;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.tools.cli.Quarantine;
import org.deskfleet.tools.cli.ServerTrust;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deskfleet quarantine list | approve} against the real server, signed in, over HTTPS; and the quarantine's
 * metrics on the Prometheus endpoint (phones waiting, contacts of quarantined phones).
 */
class QuarantineCliE2eTest extends EndToEndSupport {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void backToRegister() {
        setUnknownPhones("REGISTER");
    }

    @Test
    void quarantinedPhonesAreListedCountedAndApprovedFromTheCommandLine() throws Exception {
        setUnknownPhones("QUARANTINE");
        List<SimulatedPhone> phones = SimulatedPhone.fleet(7801, 0, 2);
        double contactsBefore = metric("deskfleet_quarantine_contacts_total");
        phones.forEach(p -> simulator.startUp(p).join().requireOk());
        simulator.startUp(phones.getFirst()).join().requireOk(); // calls again: still nothing, counted again
        awaitProjectionsCaughtUp();
        List<String> ids = phones.stream().map(p -> DeviceId.parse(p.mac()).value()).toList();

        assertThat(cli("list")).as(errors()).isZero();
        assertThat(printed()).contains(ids).contains(phones.getFirst().deviceType()).contains("quarantined phone");
        double waiting = metric("deskfleet_quarantine_waiting_phones");
        assertThat(waiting).isGreaterThanOrEqualTo(2);
        assertThat(metric("deskfleet_quarantine_contacts_total") - contactsBefore).isEqualTo(3);

        // One MAC unknown: nobody approved, the server's reason shown.
        out.reset();
        assertThat(cli("approve", phones.get(0).mac(), "00:1a:e8:ff:ff:7f")).isEqualTo(1);
        assertThat(errors()).contains("unknown device 00:1a:e8:ff:ff:7f").contains("nothing was approved");
        assertThat(metric("deskfleet_quarantine_waiting_phones")).isEqualTo(waiting);

        assertThat(cli("approve", phones.get(0).mac(), phones.get(1).mac(), "--reason", "badge checked")).as(errors()).isZero();
        assertThat(printed()).contains(ids).contains("2 phones approved");
        awaitProjectionsCaughtUp();
        out.reset();
        assertThat(cli("list")).isZero();
        assertThat(printed()).doesNotContain(ids.get(0)).doesNotContain(ids.get(1));
        assertThat(metric("deskfleet_quarantine_waiting_phones")).isEqualTo(waiting - 2);
        assertThat(graphql.data("query($id: ID!) { client(deviceId: $id) { quarantined } }", Map.of("id", ids.get(0)))
                .get("client").get("quarantined").asBoolean()).isFalse();
    }

    @Test
    void helpAnswersAndBadCommandLinesAreRefusedBeforeAnythingIsAsked() throws Exception {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(Quarantine.run(new String[]{"--help"}, o, e)).isZero();
        assertThat(printed()).contains("usage: deskfleet quarantine list");
        for (String[] bad : List.of(new String[]{"--bogus"}, new String[]{}, new String[]{"approve"},
                new String[]{"approve", "not-a-mac"}, new String[]{"list", "--reason", "x"}, new String[]{"purge"},
                new String[]{"list", "--cacert"})) {
            err.reset();
            assertThat(Quarantine.run(bad, o, e)).as(String.join(" ", bad)).isEqualTo(1);
            assertThat(errors()).startsWith("deskfleet quarantine: ");
        }
        err.reset();
        Quarantine.run(new String[]{"approve", "not-a-mac"}, o, e);
        assertThat(errors()).contains("'not-a-mac' is not a MAC address");
    }

    private int cli(String... args) throws Exception {
        URI url = URI.create("https://127.0.0.1:" + httpPort + "/graphql");
        List<String> line = new ArrayList<>(List.of(args));
        line.addAll(List.of("--http-port", String.valueOf(httpPort), "--data", data().toString()));
        var request = Quarantine.parse(line.toArray(String[]::new));
        return Quarantine.execute(request, ServerTrust.clientFor(url, null, data().toString()), url, graphql.token(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private double metric(String name) throws Exception {
        HttpResponse<String> scrape = GraphQlClient.client(httpPort, data()).send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + httpPort + "/actuator/prometheus"))
                .header("Authorization", "Bearer " + graphql.token()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.statusCode()).isEqualTo(200);
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? (\\S+)$").matcher(scrape.body());
        assertThat(m.find()).as(name + " on the metrics endpoint").isTrue();
        return Double.parseDouble(m.group(2));
    }

    private void setUnknownPhones(String mode) {
        graphql.data("mutation($m: UnknownPhonesMode!) { setUnknownPhones(mode: $m, reason: \"test\") { mode } }", Map.of("m", mode));
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
