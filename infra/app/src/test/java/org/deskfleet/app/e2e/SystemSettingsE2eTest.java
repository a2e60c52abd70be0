package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** System settings over GraphQL: validated by the catalog's system rows, audited, secrets masked; catalog browsing. */
class SystemSettingsE2eTest extends EndToEndSupport {

    private static final String DCMP_MODE = "configuration.dcmp.dcmp-operation-mode";
    private static final String INTERVAL = "configuration.dcmp.new-jobs-query-interval-minutes";
    private static final String SMTP_PASSWORD = "configuration.e-mail.smtp-authentication-password";
    private static final String ALERTS = "configuration.e-mail.send-security-alerts-via-email";

    private static JsonNode setting(JsonNode settings, String key) {
        return StreamSupport.stream(settings.get("settings").spliterator(), false)
                .filter(s -> s.get("parameter").asText().equals(key)).findFirst().orElseThrow();
    }

    @Test
    void settingsAreChangedValidatedAndAudited() {
        JsonNode before = graphql.data("{ systemSettings { settings { parameter value isDefault } } }").get("systemSettings");
        assertThat(setting(before, DCMP_MODE).get("value").asText()).isEqualTo("Automatic");

        JsonNode changed = graphql.data("""
                mutation($c: [ParameterInput!]!) { changeSystemSettings(changes: $c, reason: "DMZ deployment") {
                  settings { parameter value secret isDefault actor } history { name newValue secret reason } } }""",
                Map.of("c", List.of(Map.of("parameter", DCMP_MODE, "value", "Enabled"), Map.of("parameter", INTERVAL, "value", "15"),
                        Map.of("parameter", SMTP_PASSWORD, "value", "smtp-Secret-991"), Map.of("parameter", ALERTS, "value", "yes"))))
                .get("changeSystemSettings");
        JsonNode after = await(() -> graphql.data("{ systemSettings { settings { parameter value secret isDefault actor } history { name newValue secret reason } } }")
                .get("systemSettings"), s -> !setting(s, DCMP_MODE).get("isDefault").asBoolean(), "the change in the read model");
        assertThat(changed).isNotNull();
        assertThat(setting(after, DCMP_MODE).get("value").asText()).isEqualTo("Enabled");
        assertThat(setting(after, ALERTS).get("value").asText()).isEqualTo("Yes");
        assertThat(setting(after, SMTP_PASSWORD).get("secret").asBoolean()).isTrue();
        assertThat(setting(after, SMTP_PASSWORD).get("value").isNull()).isTrue();
        assertThat(after.get("history").toString()).doesNotContain("smtp-Secret-991").contains("DMZ deployment");

        JsonNode bad = graphql.execute("mutation { changeSystemSettings(changes: [{parameter: \"" + DCMP_MODE
                + "\", value: \"Sometimes\"}, {parameter: \"general.date-time.sntp-server-address\", value: \"1.2.3.4\"}]) { settings { parameter } } }", Map.of());
        assertThat(bad.get("errors")).hasSize(2);
    }

    @Test
    void theCatalogCanBeBrowsedAndSearched() {
        JsonNode all = graphql.data("{ catalog(first: 2000) { key scope } }").get("catalog");
        assertThat(all.size()).isEqualTo(1759);
        JsonNode sntp = graphql.data("{ catalog(scope: \"client\", search: \"sntp\") { key label type section } }").get("catalog");
        assertThat(sntp.size()).isPositive();
        sntp.forEach(p -> assertThat(p.get("key").asText() + p.get("label").asText().toLowerCase()).contains("sntp"));
        JsonNode dcmp = graphql.data("{ catalog(section: \"configuration.dcmp\") { key allowedValues default } }").get("catalog");
        assertThat(dcmp.size()).isEqualTo(4);
    }
}
