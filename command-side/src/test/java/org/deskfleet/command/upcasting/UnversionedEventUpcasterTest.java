package org.deskfleet.command.upcasting;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.client.ClientIdentity;
import org.deskfleet.kernel.client.ClientRegistered;
import org.deskfleet.kernel.client.ContactReason;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** An event as stored before events had revisions is read through the upcaster chain into today's record. */
class UnversionedEventUpcasterTest {

    private final JacksonSerializer serializer = JacksonSerializer.builder()
            .objectMapper(new ObjectMapper().findAndRegisterModules()).build();
    private final EventUpcasterChain chain = new EventUpcasterChain(new UnversionedEventUpcaster());

    /** Stored by a server without revisions: no revision in the entry, the payload as JSON. */
    private static final String STORED = """
            {"deviceId":"00:1a:e8:00:1f:e1","identity":{"e164":"4930123","deviceType":"OpenStage 60",\
            "softwareType":"Siemens SIP","softwareVersion":"V3 R5.14.0","contactMeUri":null,"ipAddress":"10.1.2.3"},\
            "reason":"START_UP","source":"PHONE","at":"2025-03-01T08:00:00Z"}""";

    @Test
    void anEventWithoutRevisionIsReadAsRevisionOne() {
        IntermediateEventRepresentation upcast = upcast(ClientRegistered.class.getName(), null, STORED);

        assertThat(upcast.getType().getRevision()).isEqualTo("1");
        Object event = serializer.deserialize(upcast.getData());
        assertThat((Object) event).isEqualTo(new ClientRegistered("00:1a:e8:00:1f:e1",
                new ClientIdentity("4930123", "OpenStage 60", "Siemens SIP", "V3 R5.14.0", null, "10.1.2.3"),
                ContactReason.START_UP, ChangeSource.PHONE, Instant.parse("2025-03-01T08:00:00Z")));
    }

    @Test
    void eventsWrittenNowCarryTheirRevisionAndAreLeftAlone() {
        SerializedObject<String> now = serializer.serialize(new ClientRegistered("00:1a:e8:00:1f:e1", ClientIdentity.EMPTY,
                ContactReason.START_UP, ChangeSource.PHONE, Instant.EPOCH), String.class);
        assertThat(now.getType().getRevision()).isEqualTo("1");

        IntermediateEventRepresentation upcast = upcast(now.getType().getName(), "1", now.getData());
        assertThat(upcast.getType().getRevision()).isEqualTo("1");
        Object event = serializer.deserialize(upcast.getData());
        assertThat(event).isInstanceOf(ClientRegistered.class);
    }

    @Test
    void otherTypesAreNotOurs() {
        IntermediateEventRepresentation upcast = upcast("com.example.SomethingElse", null, "{}");
        assertThat(upcast.getType().getRevision()).isNull();
    }

    private IntermediateEventRepresentation upcast(String type, String revision, String json) {
        var entry = new GenericDomainEventEntry<>("Client", "00:1a:e8:00:1f:e1", 0, "event-1", Instant.EPOCH, type, revision,
                json, "{}");
        List<IntermediateEventRepresentation> out = chain.upcast(Stream.of(new InitialEventRepresentation(entry, serializer))).toList();
        assertThat(out).hasSize(1);
        return out.getFirst();
    }
}
