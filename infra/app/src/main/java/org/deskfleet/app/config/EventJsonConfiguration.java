package org.deskfleet.app.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.module.SimpleModule;
import org.deskfleet.kernel.ItemChange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;

/**
 * How events are read from their JSON where the general way costs most: a phone's registration carries some 150
 * {@link ItemChange}s, and every processor reads every one of them (a rebuild reads them all again). Jackson builds
 * a record through its creator with a buffer of properties per object; reading the six fields straight is about a
 * quarter cheaper and allocates less. The JSON is the one Jackson writes for the record, unchanged; anything
 * unusual in a value (a number as a string, say) is left to Jackson's own conversion.
 */
@Configuration(proxyBeanMethods = false)
public class EventJsonConfiguration {

    /**
     * Axon's Jackson serializer as Axon's auto-configuration builds it (the application's object mapper, the revision
     * resolver, a chaining converter), but with one reader per event class kept: Axon asks the object mapper for a new
     * reader at every event, resolving the class's type and deserializer through Jackson's caches each time, a tenth
     * of what a rebuild's worker spent decoding (docs/read-side.md, "Rebuilds: what a replay allocates").
     *
     * <p>Events (and snapshots) are written without their null fields: a phone's registration reports some 150 items,
     * most without an index, an old value or a status, and {@code "index":null,"oldValue":null,"status":null} was
     * about 40 % of its JSON, read again by every processor and every rebuild. A field left out reads as the null it
     * was (records, the item reader); events written before keep their nulls and read the same. Only the event
     * serializer's own copy of the mapper leaves nulls out: GraphQL's answers and the other messages keep them. Null
     * values inside maps (an event's metadata) are kept.
     */
    @Bean
    @org.springframework.beans.factory.annotation.Qualifier("eventSerializer")
    org.axonframework.serialization.Serializer eventSerializer(com.fasterxml.jackson.databind.ObjectMapper objectMapper,
                                                                org.axonframework.serialization.RevisionResolver revisionResolver) {
        return new ReadersKept(org.axonframework.serialization.json.JacksonSerializer.builder()
                .revisionResolver(revisionResolver)
                .converter(new org.axonframework.serialization.ChainingConverter(EventJsonConfiguration.class.getClassLoader()))
                .objectMapper(objectMapper.copy().setDefaultPropertyInclusion(com.fasterxml.jackson.annotation.JsonInclude.Value.construct(
                        com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL,
                        com.fasterxml.jackson.annotation.JsonInclude.Include.USE_DEFAULTS))));
    }

    static final class ReadersKept extends org.axonframework.serialization.json.JacksonSerializer {

        private final ClassValue<com.fasterxml.jackson.databind.ObjectReader> readers = new ClassValue<>() {
            @Override
            protected com.fasterxml.jackson.databind.ObjectReader computeValue(Class<?> type) {
                return getObjectMapper().readerFor(type);
            }
        };

        ReadersKept(Builder builder) {
            super(builder);
        }

        @Override
        protected com.fasterxml.jackson.databind.ObjectReader getReader(Class<?> type) {
            return readers.get(type);
        }
    }

    /** Spring Boot adds every module bean to the application's object mapper, the one the event serializer uses. */
    @Bean
    Module itemChangeJson() {
        return new SimpleModule("deskfleet-item-change").addDeserializer(ItemChange.class, new ItemChangeDeserializer());
    }

    static final class ItemChangeDeserializer extends JsonDeserializer<ItemChange> {

        @Override
        public ItemChange deserialize(JsonParser p, DeserializationContext context) throws IOException {
            String name = null;
            Integer index = null;
            String oldValue = null;
            String newValue = null;
            String status = null;
            boolean secret = false;
            JsonToken t = p.currentToken();
            if (t == JsonToken.START_OBJECT) {
                t = p.nextToken();
            } else if (t != JsonToken.FIELD_NAME && t != JsonToken.END_OBJECT) {
                return (ItemChange) context.handleUnexpectedToken(ItemChange.class, p);
            }
            for (; t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "name" -> name = canonical(string(p, context));
                    case "index" -> index = switch (p.currentToken()) {
                        case VALUE_NUMBER_INT -> Integer.valueOf(p.getIntValue());
                        // most items have no index: Jackson's general path resolved a type and a deserializer for
                        // each, a tenth of a rebuild's worker
                        case VALUE_NULL -> null;
                        default -> context.readValue(p, Integer.class);
                    };
                    case "oldValue" -> oldValue = string(p, context);
                    case "newValue" -> newValue = string(p, context);
                    case "status" -> status = canonical(string(p, context));
                    case "secret" -> {
                        JsonToken v = p.currentToken();
                        Boolean b = v == JsonToken.VALUE_TRUE ? Boolean.TRUE : v == JsonToken.VALUE_FALSE ? Boolean.FALSE
                                : context.readValue(p, Boolean.class);
                        secret = Boolean.TRUE.equals(b);
                    }
                    default -> p.skipChildren();
                }
            }
            return new ItemChange(name, index, oldValue, newValue, status, secret);
        }

        /**
         * One instance per item name and status: a phone reports the same 150 names as every other phone, and a
         * batch in flight (or the event store's cache shared by the processors) holds thousands of registrations
         * decoded, each name once per phone otherwise. Bounded, so that names no phone repeats cannot fill it.
         */
        static String canonical(String s) {
            if (s == null || s.length() > MAX_CANONICAL_LENGTH) {
                return s;
            }
            String known = CANONICAL.get(s);
            if (known != null) {
                return known;
            }
            if (CANONICAL.size() >= MAX_CANONICAL) {
                return s;
            }
            known = CANONICAL.putIfAbsent(s, s);
            return known != null ? known : s;
        }

        static final int MAX_CANONICAL = 8192;
        private static final int MAX_CANONICAL_LENGTH = 64;
        private static final java.util.concurrent.ConcurrentHashMap<String, String> CANONICAL = new java.util.concurrent.ConcurrentHashMap<>();

        private static String string(JsonParser p, DeserializationContext context) throws IOException {
            JsonToken t = p.currentToken();
            return t == JsonToken.VALUE_STRING ? p.getText() : t == JsonToken.VALUE_NULL ? null : context.readValue(p, String.class);
        }
    }
}
