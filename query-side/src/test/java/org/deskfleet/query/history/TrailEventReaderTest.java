package org.deskfleet.query.history;

import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.history.HistoryEntry;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The trail's reader reads what Spring Data's mapping writes, and what the mapping reads, field for field. */
class TrailEventReaderTest {

    private static MappingMongoConverter mapping() {
        return org.deskfleet.query.ServerMapping.converter();
    }

    private static TrailEventDocument sample() {
        Instant at = Instant.parse("2026-03-01T10:15:30.123Z");
        return TrailEventDocument.of("00:1a:e8:00:00:01", 4_000_000_000L, at, List.of(
                new HistoryEntry(4_000_000_000L, at, HistoryEntry.Kind.PARAMETER, "general.date-time.sntp-server-address",
                        null, "10.0.0.1", "10.0.0.2", false, ChangeSource.ADMIN, "alice", "why", "request-1"),
                new HistoryEntry(4_000_000_000L, at, HistoryEntry.Kind.ITEM, "sip-pwd", 3, null, null, true,
                        ChangeSource.PHONE, "phone", null, null),
                new HistoryEntry(7, null, HistoryEntry.Kind.ADMISSION, "quarantined", 0, "true", "false", false,
                        ChangeSource.MOBILE_USER, null, null, null)));
    }


    @Test
    void readsWhatTheMappingWritesAsTheMappingReadsIt() {
        MappingMongoConverter mapping = mapping();
        Document stored = new Document();
        mapping.write(sample(), stored);
        assertThat(stored).containsKey("_class"); // skipped by the reader, as by the mapping

        TrailEventDocument byMapping = mapping.read(TrailEventDocument.class, stored);
        TrailEventDocument byReader = RawBsonDocument.parse(stored.toJson(
                org.bson.json.JsonWriterSettings.builder().outputMode(org.bson.json.JsonMode.EXTENDED).build()))
                .decode(TrailEventReader.INSTANCE);

        assertThat(byReader).usingRecursiveComparison().isEqualTo(byMapping);
        assertThat(byReader.entries).isEqualTo(sample().entries);
        assertThat(byReader.sequence).isEqualTo(4_000_000_000L);
        assertThat(byReader.id).isEqualTo("00:1a:e8:00:00:01/4000000000");
    }

    @Test
    void readsNullsAndNumbersOfOtherWidthsAsTheMappingDoes() {
        MappingMongoConverter mapping = mapping();
        BsonDocument stored = BsonDocument.parse("""
                {"_id": "m/1", "subject": "m", "sequence": 1, "at": null,
                 "entries": [{"sequence": {"$numberLong": "1"}, "kind": "ITEM", "name": "x", "index": null,
                              "oldValue": null, "newValue": "v", "secret": false, "source": "PHONE", "extra": [1, 2]}]}
                """);
        TrailEventDocument byMapping = mapping.read(TrailEventDocument.class,
                new DocumentCodec().decode(stored.asBsonReader(), org.bson.codecs.DecoderContext.builder().build()));
        TrailEventDocument byReader = TrailEventReader.INSTANCE.decode(stored.asBsonReader(),
                org.bson.codecs.DecoderContext.builder().build());
        assertThat(byReader).usingRecursiveComparison().isEqualTo(byMapping);
        assertThat(byReader.at).isNull();
        assertThat(byReader.entries.getFirst().index()).isNull();
    }

    @Test
    void refusesAStoredNumberThatIsNotOne() {
        BsonDocument stored = BsonDocument.parse("{\"_id\": \"m/1\", \"sequence\": \"one\"}");
        assertThatThrownBy(() -> TrailEventReader.INSTANCE.decode(stored.asBsonReader(),
                org.bson.codecs.DecoderContext.builder().build()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("STRING");
    }
}
