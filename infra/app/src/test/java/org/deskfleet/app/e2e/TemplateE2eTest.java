package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.deskfleet.simulator.SimulatedPhone;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** Templates over GraphQL, and the layered configuration of a phone that explains where each value comes from. */
class TemplateE2eTest extends EndToEndSupport {

    private static final String SNTP = "general.date-time.sntp-server-address";

    private JsonNode data(String query, Map<String, Object> variables) {
        return graphql.data(query, variables);
    }

    private String create(String name, int ranking, List<String> software) {
        return data("mutation($t: TemplateInput!) { createTemplate(template: $t) { id name ranking } }",
                Map.of("t", Map.of("name", name, "ranking", ranking, "supportedSoftware", software)))
                .get("createTemplate").get("id").asText();
    }

    private void set(String templateId, String value) {
        data("mutation($id: ID!, $c: [ParameterInput!]!) { changeTemplateConfiguration(id: $id, changes: $c, reason: \"site default\") { id } }",
                Map.of("id", templateId, "c", List.of(Map.of("parameter", SNTP, "value", value))));
    }

    private JsonNode effective(String mac) {
        JsonNode config = data("query($id: ID!) { client(deviceId: $id) { configuration(section: \"general.date-time\") { parameter value layer origin } } }",
                Map.of("id", mac)).get("client").get("configuration");
        return StreamSupport.stream(config.spliterator(), false).filter(v -> v.get("parameter").asText().equals(SNTP))
                .findFirst().orElseThrow();
    }

    @Test
    void templatesLayerUnderTheClientsOwnValuesByRanking() {
        SimulatedPhone phone = SimulatedPhone.generate(901, 1);
        simulator.startUp(phone).join().requireOk();
        awaitProjectionsCaughtUp(); // the client is in the read model (projections are eventually consistent)
        String mac = phone.mac();
        assertThat(effective(mac).get("layer").asText()).isEqualTo("DEFAULT");

        String low = create("Campus defaults", 5, List.of());
        String high = create("SIP phones HQ", 1, List.of("SIP"));
        String hfa = create("HFA only", 1, List.of("HFA"));
        set(low, "10.5.5.5");
        set(hfa, "10.7.7.7");
        JsonNode v = await(() -> effective(mac), x -> x.get("layer").asText().equals("TEMPLATE"), "template layer");
        assertThat(v.get("value").asText()).isEqualTo("10.5.5.5");
        assertThat(v.get("origin").asText()).isEqualTo("template Campus defaults");

        set(high, "10.6.6.6");
        v = await(() -> effective(mac), x -> x.get("value").asText().equals("10.6.6.6"), "ranking 1 to win");
        assertThat(v.get("origin").asText()).isEqualTo("template SIP phones HQ");

        data("mutation($id: ID!) { changeClientConfiguration(deviceId: $id, changes: [{parameter: \"" + SNTP
                + "\", value: \"10.8.8.8\"}], reason: \"this desk is special\") { deviceId } }", Map.of("id", mac));
        v = await(() -> effective(mac), x -> x.get("layer").asText().equals("CLIENT"), "client layer");
        assertThat(v.get("value").asText()).isEqualTo("10.8.8.8");

        // The client's history shows the template changes that apply to it, with their source, and what the
        // phone reported for the parameter's item (sntp-addr) when it registered.
        // (the history projection follows the client projection: wait for the administrator's change in it)
        JsonNode history = await(() -> data("query($id: ID!, $p: String) { client(deviceId: $id) { parameterHistory(parameter: $p) { source newValue reason } } }",
                Map.of("id", mac, "p", SNTP)).get("client").get("parameterHistory"),
                h -> h.size() > 0 && h.get(0).get("source").asText().equals("ADMIN"), "the administrator's change in the history");
        assertThat(StreamSupport.stream(history.spliterator(), false).map(e -> e.get("source").asText() + "=" + e.get("newValue").asText()))
                .containsExactly("ADMIN=10.8.8.8", "TEMPLATE=10.6.6.6", "TEMPLATE=10.5.5.5", "PHONE=10.40.1.2");

        // Deleting templates (in bulk) takes their layer away.
        data("mutation($ids: [ID!]!) { deleteTemplates(ids: $ids) }", Map.of("ids", List.of(low, high, hfa)));
        await(() -> StreamSupport.stream(data("{ templates { id } }", Map.of()).get("templates").spliterator(), false)
                        .map(t -> t.get("id").asText()).toList(),
                ids -> !ids.contains(low) && !ids.contains(high) && !ids.contains(hfa), "deleted templates to disappear");
        await(() -> effective(mac), x -> x.get("layer").asText().equals("CLIENT"), "the client's own value to stay");
    }

    @Test
    void templateParametersAreValidatedForTheTemplateScope() {
        String id = create("Strict", 3, List.of());
        JsonNode r = graphql.execute("mutation($id: ID!) { changeTemplateConfiguration(id: $id, changes: [{parameter: \"general.general-information.device-type\", value: \"x\"}, {parameter: \"telephony.sip-settings.transport-protocol\", value: \"SCTP\"}]) { id } }",
                Map.of("id", id));
        assertThat(r.get("errors")).hasSize(2);
    }
}
