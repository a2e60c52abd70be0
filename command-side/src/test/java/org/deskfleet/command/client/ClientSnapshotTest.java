package org.deskfleet.command.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.ItemChange;
import org.deskfleet.kernel.client.ClientConfigurationChanged;
import org.deskfleet.kernel.client.ClientIdentity;
import org.deskfleet.kernel.client.ClientItemsReported;
import org.deskfleet.kernel.client.ClientRegistered;
import org.deskfleet.kernel.client.ContactReason;
import org.deskfleet.kernel.client.RevertClientConfiguration;
import org.deskfleet.kernel.configuration.ParameterChange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A phone's snapshot (what a load starts from once its history is long) is the aggregate as the event serializer
 * writes it: read back, it holds the same items, desired values and log of changes, and decides as the phone it
 * was taken of, a revert to any earlier time included.
 */
class ClientSnapshotTest {

    private static final String MAC = "00:1a:e8:3b:77:0c";
    private static final String SNTP = "general.date-time.sntp-server-address";
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    @Test
    void aSnapshotReadBackIsTheSamePhone() {
        Client client = new Client();
        client.on(new ClientRegistered(MAC, ClientIdentity.EMPTY, ContactReason.START_UP, ChangeSource.PHONE, T0));
        List<ItemChange> items = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            items.add(new ItemChange("item-" + i, i % 3 == 0 ? i : null, null, "value-" + i, "ok", false));
        }
        client.on(new ClientItemsReported(MAC, items, true, ContactReason.START_UP, ChangeSource.PHONE, T0));
        String previous = null;
        for (int i = 1; i <= 2_000; i++) {
            String value = "10.0." + (i / 250) + "." + (i % 250);
            client.on(new ClientConfigurationChanged(MAC, List.of(new ParameterChange(SNTP, null, previous, value, false),
                    new ParameterChange("line.e164", i % 4, null, "4930" + i, false)), ChangeSource.ADMIN, "alice", "change " + i,
                    null, T0.plusSeconds(i)));
            previous = value;
        }
        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(new ObjectMapper()
                .registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)).build();

        SerializedObject<byte[]> written = serializer.serialize(client, byte[].class);
        Client read = serializer.deserialize(written);
        // Stored with the state's revision: a load passes over a snapshot of another one (a state since changed).
        assertThat(written.getType().getRevision()).isEqualTo(Client.STATE_REVISION);
        assertThat(org.axonframework.eventsourcing.snapshotting.RevisionSnapshotFilter.builder().type("Client")
                .revision(Client.STATE_REVISION).build()
                .allow(new org.axonframework.eventsourcing.eventstore.jpa.SnapshotEventEntry(
                        new org.axonframework.eventhandling.GenericDomainEventMessage<>("Client", MAC, 2_001, client), serializer)))
                .isTrue();
        assertThat(org.axonframework.eventsourcing.snapshotting.RevisionSnapshotFilter.builder().type("Client")
                .revision("2").build()
                .allow(new org.axonframework.eventsourcing.eventstore.jpa.SnapshotEventEntry(
                        new org.axonframework.eventhandling.GenericDomainEventMessage<>("Client", MAC, 2_001, client), serializer)))
                .as("a snapshot of revision 1 when the state is at 2").isFalse();

        assertThat(read.state()).isEqualTo(client.state());
        assertThat(read.state().desiredLog()).hasSize(4_000);
        assertThat(read.state().items()).hasSize(150).containsEntry("item-3#3", new ClientState.Item("item-3", 3, "value-3", "ok"));
        // read back, it goes on deciding: a revert to the value of change 17
        var revert = ClientDecider.decide(new RevertClientConfiguration(MAC, T0.plusSeconds(17), "bob", null, null,
                T0.plusSeconds(3_000)), read.state());
        assertThat(((ClientConfigurationChanged) revert.getFirst()).changes())
                .contains(new ParameterChange(SNTP, null, previous, "10.0.0.17", false));
        read.on((ClientConfigurationChanged) revert.getFirst());
        assertThat(read.state().desired()).containsEntry(SNTP, "10.0.0.17");
        assertThat(client.state().desired()).as("the phone the snapshot was taken of is untouched").containsEntry(SNTP, previous);
    }
}
