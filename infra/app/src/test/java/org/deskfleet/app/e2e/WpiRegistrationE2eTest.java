package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.deskfleet.kernel.ItemChange;
import org.deskfleet.kernel.client.ClientIdentityChanged;
import org.deskfleet.kernel.client.ClientItemsReported;
import org.deskfleet.kernel.client.ClientRegistered;
import org.deskfleet.simulator.InteractionTrace;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.simulator.WpiResponse;
import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.PhoneMessage;
import org.deskfleet.wpi.codec.Reason;
import org.deskfleet.wpi.codec.ReplyStatus;
import org.deskfleet.wpi.codec.ServiceMessage;
import org.deskfleet.wpi.codec.WpiCodec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** wpi-protocol §7.1 end to end: phones over TLS, events in the store, documents in Mongo, answers over GraphQL. */
class WpiRegistrationE2eTest extends EndToEndSupport {

    private final WpiCodec codec = new WpiCodec();

    @Test
    void aNewPhoneIsReadInFullRegisteredAndQueryable() {
        SimulatedPhone phone = SimulatedPhone.generate(101, 1);
        InteractionTrace trace = simulator.startUp(phone).join().requireOk();

        assertThat(trace.actions()).containsExactly(Action.READ_ALL_ITEMS, Action.CLEAN_UP);
        assertThat(trace.cookies()).hasSize(1);
        List<Object> events = eventsOf(phone.mac());
        assertThat(events.getFirst()).isInstanceOf(ClientRegistered.class);
        assertThat(events).filteredOn(e -> e instanceof ClientItemsReported r && r.complete()).hasSize(1);

        JsonNode client = await(() -> client(phone.mac()), c -> !c.isNull() && c.get("inventoryComplete").asBoolean(),
                "the projection of " + phone.mac());
        assertThat(client.get("deviceId").asText()).isEqualTo(phone.mac().toLowerCase());
        assertThat(client.get("e164").asText()).isEqualTo(phone.e164());
        assertThat(client.get("deviceType").asText()).isEqualTo(phone.deviceType());
        assertThat(client.get("softwareVersion").asText()).isEqualTo(phone.softwareVersion());
        assertThat(client.get("ipAddress").asText()).isEqualTo(phone.ipAddress());
        // Volatile flags are not configuration and are not kept as items.
        assertThat(client.get("items").size()).isEqualTo(phone.itemCount() - 1);
        JsonNode pwd = item(client, "user-pwd");
        assertThat(pwd.get("secret").asBoolean()).isTrue();
        assertThat(pwd.get("value").isNull()).isTrue();
        await(() -> client(phone.mac()).get("lastContact"), n -> !n.isNull(), "last contact of " + phone.mac());
    }

    @Test
    void anUnchangedPhoneIsAnsweredWithCleanUpAndWritesNoEvent() {
        SimulatedPhone phone = SimulatedPhone.generate(102, 1);
        simulator.startUp(phone).join().requireOk();
        long before = eventsOf(phone.mac()).size();
        String firstContact = await(() -> client(phone.mac()), c -> !c.isNull() && !c.get("lastContact").isNull(),
                "first contact").get("lastContact").asText();

        InteractionTrace again = simulator.startUp(phone).join().requireOk();

        assertThat(again.actions()).containsExactly(Action.CLEAN_UP);
        assertThat(eventsOf(phone.mac())).hasSize((int) before);
        // Last contact still moves on, through the batched side channel rather than the event store.
        await(() -> client(phone.mac()).get("lastContact").asText(), t -> t.compareTo(firstContact) > 0,
                "last contact to advance");
    }

    @Test
    void aPhoneReportingChangesIsReadAgainAndTheChangeIsRecordedOldToNew() {
        SimulatedPhone phone = SimulatedPhone.generate(103, 1);
        simulator.startUp(phone).join().requireOk();
        String oldSntp = phone.value("sntp-addr").orElseThrow();
        phone.setItem("sntp-addr", "10.99.0.1");
        phone.markConfigurationChanged(true);

        InteractionTrace trace = simulator.startUp(phone).join().requireOk();

        assertThat(trace.actions()).containsExactly(Action.READ_ALL_ITEMS, Action.CLEAN_UP);
        ItemChange change = eventsOf(phone.mac()).stream()
                .filter(ClientItemsReported.class::isInstance).map(ClientItemsReported.class::cast)
                .flatMap(e -> e.changes().stream()).filter(c -> c.name().equals("sntp-addr"))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(change.oldValue()).isEqualTo(oldSntp);
        assertThat(change.newValue()).isEqualTo("10.99.0.1");
        await(() -> item(client(phone.mac()), "sntp-addr").get("value").asText(), "10.99.0.1"::equals,
                "the new sntp-addr in the projection");
    }

    @Test
    void aNewSoftwareVersionIsAnIdentityChange() {
        SimulatedPhone phone = SimulatedPhone.generate(104, 1);
        simulator.startUp(phone).join().requireOk();
        String before = phone.softwareVersion();
        phone.changeSoftwareVersion("V3 R5.99.0");

        simulator.startUp(phone).join().requireOk();

        ClientIdentityChanged changed = eventsOf(phone.mac()).stream()
                .filter(ClientIdentityChanged.class::isInstance).map(ClientIdentityChanged.class::cast)
                .reduce((a, b) -> b).orElseThrow();
        assertThat(changed.changes()).contains(new ItemChange("software-version", null, before, "V3 R5.99.0", null, false));
        await(() -> client(phone.mac()).get("softwareVersion").asText(), "V3 R5.99.0"::equals, "the new version");
    }

    @Test
    void aStaleCookieOnStartUpNeverFailsTheFirstMessage() {
        SimulatedPhone phone = SimulatedPhone.generate(105, 1);
        byte[] startUp = codec.writePhoneMessage(PhoneMessage.of(phone.newNonce(), Reason.START_UP, phone.basicItems()));

        WpiResponse first = wpiClient().post(startUp, "JSESSIONID=0BADC0FFEE0BADC0FFEE; path=/").join();

        assertThat(first.status()).isEqualTo(200);
        assertThat(serviceMessage(first).action()).isEqualTo(Action.READ_ALL_ITEMS);
        String session = first.setCookie("JSESSIONID").orElseThrow();
        assertThat(session).isNotEqualTo("0BADC0FFEE0BADC0FFEE");
        byte[] reply = codec.writePhoneMessage(PhoneMessage.replyTo(phone.newNonce(), Action.READ_ALL_ITEMS,
                ReplyStatus.ACCEPTED, phone.allItems()));
        WpiResponse second = wpiClient().post(reply, "JSESSIONID=" + session).join();
        assertThat(serviceMessage(second).action()).isEqualTo(Action.CLEAN_UP);
        assertThat(eventsOf(phone.mac())).anyMatch(e -> e instanceof ClientItemsReported r && r.complete());
    }

    @Test
    void aReplyWithoutAnInteractionIsEndedAndChangesNothing() {
        SimulatedPhone phone = SimulatedPhone.generate(106, 1);
        long before = eventsBesidesDeliveryRetries();
        byte[] reply = codec.writePhoneMessage(PhoneMessage.replyTo(phone.newNonce(), Action.READ_ALL_ITEMS,
                ReplyStatus.ACCEPTED, phone.allItems()));

        WpiResponse r = wpiClient().post(reply, "JSESSIONID=NOSUCHSESSION").join();

        ServiceMessage answer = serviceMessage(r);
        assertThat(answer.action()).isEqualTo(Action.CLEAN_UP);
        assertThat(answer.item("cleanup-reason")).contains("no interaction in progress");
        assertThat(eventsBesidesDeliveryRetries()).isEqualTo(before);
        assertThat(client(phone.mac()).isNull()).isTrue();
    }

    @Test
    void graphqlAnswersNullForAnUnknownDeviceAndAClearErrorForANonMac() {
        JsonNode unknown = graphql.execute("{ client(deviceId: \"02:00:00:00:00:01\") { deviceId } }", java.util.Map.of());
        assertThat(unknown.get("data").get("client").isNull()).isTrue();
        assertThat(unknown.has("errors")).isFalse();

        JsonNode bad = graphql.execute("{ client(deviceId: \"not-a-mac\") { deviceId } }", java.util.Map.of());
        assertThat(bad.get("errors").get(0).get("message").asText()).contains("not a MAC address");
    }

    @Test
    void clientsArePagedWithCursorsOverTheWholeFleet() {
        simulator.run(SimulatedPhone.fleet(107, 0, 23), 8).phones();
        int total = await(() -> graphql.data("{ clients { totalCount } }").get("clients").get("totalCount").asInt(),
                n -> n >= 23, "23 phones in the read model");

        java.util.Set<String> seen = new java.util.LinkedHashSet<>();
        String after = null;
        boolean more = true;
        while (more) {
            JsonNode page = graphql.data("""
                    query($after: String) { clients(first: 7, after: $after) {
                      totalCount nodes { deviceId } pageInfo { endCursor hasNextPage } } }""",
                    after == null ? java.util.Map.of() : java.util.Map.of("after", after)).get("clients");
            page.get("nodes").forEach(n -> assertThat(seen.add(n.get("deviceId").asText())).isTrue());
            more = page.get("pageInfo").get("hasNextPage").asBoolean();
            after = page.get("pageInfo").get("endCursor").asText();
        }
        assertThat(seen).hasSizeGreaterThanOrEqualTo(total);
        assertThat(new java.util.ArrayList<>(seen)).isSorted();

        String type = SimulatedPhone.generate(107, 0).deviceType();
        // Count and page are two reads: a phone registering in between (other tests share the server) makes them
        // differ for a moment; they agree once registrations are quiet.
        JsonNode filtered = await(() -> graphql.data("query($t: String) { clients(filter: {deviceType: $t}, first: 500) { totalCount nodes { deviceType } } }",
                java.util.Map.of("t", type)).get("clients"), c -> c.get("totalCount").asInt() == c.get("nodes").size(), "count and page to agree");
        assertThat(filtered.get("totalCount").asInt()).isEqualTo(filtered.get("nodes").size()).isPositive();
        filtered.get("nodes").forEach(n -> assertThat(n.get("deviceType").asText()).isEqualTo(type));
    }

    static JsonNode item(JsonNode client, String name) {
        return StreamSupport.stream(client.get("items").spliterator(), false)
                .filter(i -> i.get("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no item " + name + " in " + client)); // not yet: await tries again
    }

    private ServiceMessage serviceMessage(WpiResponse r) {
        try {
            return codec.readServiceMessage(r.body());
        } catch (Exception e) {
            throw new AssertionError("not a DLSMessage: " + new String(r.body(), StandardCharsets.UTF_8), e);
        }
    }
}
