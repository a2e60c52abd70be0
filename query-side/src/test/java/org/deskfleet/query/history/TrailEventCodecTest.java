package org.deskfleet.query.history;

import org.bson.Document;
import org.bson.codecs.DocumentCodec;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.history.HistoryEntry;
import org.deskfleet.query.ServerMapping;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A trail event written by hand is the document Spring Data's mapping writes, field for field and in the same order,
 * and the readers (who read through the mapping) get back the same entries.
 */
class TrailEventCodecTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00.123456Z");

    private static List<HistoryEntry> entries() {
        return List.of(
                // every field set
                new HistoryEntry(7, AT, HistoryEntry.Kind.PARAMETER, "general.date-time.sntp-server-address", 2, "10.0.0.1",
                        "10.0.0.2", false, ChangeSource.ADMIN, "alice", "new time server", "job-1"),
                // a secret: no values; no index, no correlation
                new HistoryEntry(7, AT, HistoryEntry.Kind.ITEM, "sip-pwd", null, null, null, true, ChangeSource.PHONE, "phone",
                        "START_UP", null),
                // as little as a record can hold
                new HistoryEntry(7, null, null, null, null, null, null, false, null, null, null, null));
    }

    @Test
    void writesWhatTheMappingWritesAndReadsBackTheSameEntries() {
        MappingMongoConverter mapping = ServerMapping.converter();
        for (List<HistoryEntry> entries : List.of(entries(), List.<HistoryEntry>of())) {
            Document mapped = new Document();
            mapping.write(TrailEventDocument.of("00:1a:e8:00:00:01", 7, AT, entries), mapped);
            Document raw = TrailEventCodec.raw("00:1a:e8:00:00:01", 7, AT, entries).decode(new DocumentCodec());

            assertThat(raw).isEqualTo(mapped);
            assertThat(List.copyOf(raw.keySet())).isEqualTo(List.copyOf(mapped.keySet()));
            List<Document> rawEntries = raw.getList("entries", Document.class);
            List<Document> mappedEntries = mapped.getList("entries", Document.class);
            for (int i = 0; i < rawEntries.size(); i++) {
                assertThat(List.copyOf(rawEntries.get(i).keySet())).as("entry %d", i)
                        .isEqualTo(List.copyOf(mappedEntries.get(i).keySet()));
            }
            TrailEventDocument read = mapping.read(TrailEventDocument.class, raw);
            assertThat(read.id).isEqualTo("00:1a:e8:00:00:01/7");
            assertThat(read.sequence).isEqualTo(7);
            // dates keep milliseconds, as the mapping's own
            assertThat(read.entries).isEqualTo(mapping.read(TrailEventDocument.class, mapped).entries);
            assertThat(read.entries).hasSize(entries.size());
        }
    }
}
