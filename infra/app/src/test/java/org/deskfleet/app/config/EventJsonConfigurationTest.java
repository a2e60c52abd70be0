package org.deskfleet.app.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.ItemChange;
import org.deskfleet.kernel.client.ClientItemsReported;
import org.deskfleet.kernel.client.ContactReason;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** An item change read by the hand-written deserializer is the one Jackson's own reading of the record gives. */
class EventJsonConfigurationTest {

    /** As the application's mapper: unknown fields are ignored. */
    private static ObjectMapper mapper(boolean withModule) {
        ObjectMapper m = new ObjectMapper().findAndRegisterModules().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        return withModule ? m.registerModule(new EventJsonConfiguration().itemChangeJson()) : m;
    }

    /** Every component of the record, each set: a component added to ItemChange and not read here fails this. */
    @Test
    void readsEveryComponentOfTheRecord() throws Exception {
        var components = ItemChange.class.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = types[i] == String.class ? "v-" + components[i].getName()
                    : types[i] == Integer.class || types[i] == int.class ? 7
                    : types[i] == Boolean.class || types[i] == boolean.class ? Boolean.TRUE : null;
            assertThat(values[i]).as("a value for component %s", components[i].getName()).isNotNull();
        }
        ItemChange full = ItemChange.class.getDeclaredConstructor(types).newInstance(values);
        String json = mapper(false).writeValueAsString(full);
        assertThat(mapper(true).readValue(json, ItemChange.class)).isEqualTo(full);
    }

    @Test
    void readsWhatJacksonReads() throws Exception {
        ObjectMapper plain = mapper(false);
        ObjectMapper fast = mapper(true);
        List<String> odd = List.of(
                "{\"name\":\"n\",\"index\":2,\"oldValue\":null,\"newValue\":\"v\",\"status\":null,\"secret\":true}",
                "{\"secret\":false,\"newValue\":\"v\",\"name\":\"n\"}",
                "{\"name\":\"n\",\"index\":\"3\",\"newValue\":7,\"secret\":null}",
                "{\"name\":\"n\",\"extra\":{\"a\":[1,2,{\"b\":null}]},\"more\":[1],\"index\":null,\"newValue\":\"x\"}",
                "{}");
        for (String json : odd) {
            assertThat(fast.readValue(json, ItemChange.class)).as(json).isEqualTo(plain.readValue(json, ItemChange.class));
        }
        SplittableRandom random = new SplittableRandom(5);
        List<ItemChange> changes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            changes.add(new ItemChange("item-" + random.nextInt(50), random.nextBoolean() ? null : random.nextInt(4),
                    random.nextBoolean() ? null : "old " + i, random.nextInt(5) == 0 ? null : "new \"" + i + "\" é",
                    random.nextInt(3) == 0 ? "unknown item" : null, random.nextInt(7) == 0));
        }
        ClientItemsReported event = new ClientItemsReported("00:1a:e8:00:00:01", changes, true, ContactReason.START_UP,
                ChangeSource.PHONE, Instant.parse("2026-01-01T00:00:00Z"));
        byte[] json = plain.writeValueAsBytes(event);
        assertThat(fast.readValue(json, ClientItemsReported.class)).isEqualTo(event)
                .isEqualTo(plain.readValue(json, ClientItemsReported.class));
    }

    /** Two phones' reports of the same item share its name and status: decoded registrations in flight hold one copy. */
    @Test
    void namesAndStatusesAreOneInstanceAcrossEvents() throws Exception {
        ObjectMapper fast = mapper(true);
        String json = "{\"name\":\"sntp-addr\",\"newValue\":\"10.0.0.%d\",\"status\":\"unknown item\"}";
        ItemChange a = fast.readValue(json.formatted(1), ItemChange.class);
        ItemChange b = fast.readValue(json.formatted(2), ItemChange.class);
        assertThat(a.name()).isEqualTo("sntp-addr").isSameAs(b.name());
        assertThat(a.status()).isSameAs(b.status());
        assertThat(a.newValue()).isNotSameAs(b.newValue()).isEqualTo("10.0.0.1");
        String long64 = "x".repeat(65);
        ItemChange c = fast.readValue("{\"name\":\"" + long64 + "\"}", ItemChange.class);
        ItemChange d = fast.readValue("{\"name\":\"" + long64 + "\"}", ItemChange.class);
        assertThat(c.name()).as("long names are not kept").isEqualTo(d.name()).isNotSameAs(d.name());
    }

    /**
     * The event serializer leaves null fields out (a registration's JSON about 40 % smaller), reads what it wrote and
     * what was written with every null spelled out the same, and leaves the application's own mapper as it was.
     */
    @Test
    void eventsAreWrittenWithoutTheirNullFieldsAndReadTheSameEitherWay() throws Exception {
        ObjectMapper application = mapper(true);
        org.axonframework.serialization.Serializer events = new EventJsonConfiguration().eventSerializer(application,
                new org.axonframework.serialization.AnnotationRevisionResolver());
        List<ItemChange> changes = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            changes.add(new ItemChange("item-" + i, i % 10 == 0 ? i : null, null, "value " + i, i % 7 == 0 ? "unknown item" : null,
                    false));
        }
        ClientItemsReported event = new ClientItemsReported("00:1a:e8:00:00:01", changes, true, ContactReason.START_UP,
                ChangeSource.PHONE, Instant.parse("2026-01-01T00:00:00Z"));

        var written = events.serialize(event, byte[].class);
        String json = new String(written.getData(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("null").contains("\"secret\":false").contains("\"index\":10");
        assertThat((Object) events.deserialize(written)).isEqualTo(event);

        byte[] withNulls = new ObjectMapper().findAndRegisterModules().writeValueAsBytes(event);
        assertThat(new String(withNulls, java.nio.charset.StandardCharsets.UTF_8)).contains("\"oldValue\":null");
        assertThat(withNulls.length).isGreaterThan(written.getData().length * 3 / 2);
        var before = new org.axonframework.serialization.SimpleSerializedObject<>(withNulls, byte[].class, written.getType());
        assertThat((Object) events.deserialize(before)).isEqualTo(event);

        // metadata: a null value in a map is kept
        var metaData = events.serialize(org.axonframework.messaging.MetaData.with("k", null), byte[].class);
        assertThat(new String(metaData.getData(), java.nio.charset.StandardCharsets.UTF_8)).contains("null");
        assertThat(application.getSerializationConfig().getDefaultPropertyInclusion().getValueInclusion())
                .as("the application's mapper").isNotEqualTo(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);
    }
}
