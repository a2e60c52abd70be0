package org.deskfleet.query.history;

import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.history.HistoryEntry;
import org.deskfleet.query.ServerMapping;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A trail event written by hand reads back, through the trail's reader, as the entries it was given: what they share
 * written once on the document, what one of them does not share (a value, or none) written on that entry. Documents of
 * earlier versions (Spring Data's mapping, every entry whole) read as before: {@code TrailEventReaderTest}.
 */
class TrailEventCodecTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00.123Z");
    private static final String PHONE = "00:1a:e8:00:00:01";

    private static List<HistoryEntry> registration() {
        List<HistoryEntry> entries = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            entries.add(new HistoryEntry(7, AT, HistoryEntry.Kind.ITEM, "item-" + i, i % 3 == 0 ? i : null, null,
                    "value-" + i, false, ChangeSource.PHONE, "phone", "START_UP", null));
        }
        return entries;
    }

    private static List<HistoryEntry> mixed() {
        return List.of(
                // every field set
                new HistoryEntry(7, AT, HistoryEntry.Kind.PARAMETER, "general.date-time.sntp-server-address", 2, "10.0.0.1",
                        "10.0.0.2", false, ChangeSource.ADMIN, "alice", "new time server", "job-1"),
                // other source, actor and reason, none for the correlation; a secret without values
                new HistoryEntry(7, AT, HistoryEntry.Kind.ITEM, "sip-pwd", null, null, null, true, ChangeSource.PHONE, "phone",
                        "START_UP", null),
                // another sequence and time; nothing else
                new HistoryEntry(8, AT.plusSeconds(1), null, null, null, null, null, false, null, null, null, null),
                // no time at all
                new HistoryEntry(7, null, HistoryEntry.Kind.ADMISSION, "quarantined", null, "true", "false", false,
                        ChangeSource.ADMIN, "alice", "new time server", "job-1"));
    }

    @Test
    void readsBackTheEntriesItWasGiven() {
        for (List<HistoryEntry> entries : List.of(registration(), mixed(), List.<HistoryEntry>of())) {
            RawBsonDocument raw = TrailEventCodec.raw(PHONE, 7, AT, entries);
            TrailEventDocument read = raw.decode(TrailEventReader.INSTANCE);
            assertThat(read.id).isEqualTo(PHONE + "/7");
            assertThat(read.subject).isEqualTo(PHONE);
            assertThat(read.sequence).isEqualTo(7);
            assertThat(read.at).isEqualTo(AT);
            assertThat(read.entries).isEqualTo(entries);
        }
    }

    @Test
    void whatTheEntriesShareIsWrittenOnce() {
        Document doc = TrailEventCodec.raw(PHONE, 7, AT, registration()).decode(new DocumentCodec());
        assertThat(doc.getString("source")).isEqualTo("PHONE");
        assertThat(doc.getString("actor")).isEqualTo("phone");
        assertThat(doc.getString("reason")).isEqualTo("START_UP");
        assertThat(doc.getBoolean("shared")).isTrue();
        for (Document entry : doc.getList("entries", Document.class)) {
            assertThat(entry.keySet()).doesNotContain("sequence", "at", "source", "actor", "reason", "correlationId")
                    .contains("kind", "name", "newValue", "secret");
        }
        // the export's query looks at every entry's kind
        assertThat(doc.getList("entries", Document.class)).allSatisfy(e -> assertThat(e.getString("kind")).isEqualTo("ITEM"));

        Document second = TrailEventCodec.raw(PHONE, 7, AT, mixed()).decode(new DocumentCodec()).getList("entries", Document.class).get(1);
        assertThat(second.getString("actor")).isEqualTo("phone");
        assertThat(second.containsKey("correlationId")).isTrue();
        assertThat(second.get("correlationId")).as("none where the document has one").isNull();

        // about half the bytes of every entry whole, as Spring Data's mapping writes them
        MappingMongoConverter mapping = ServerMapping.converter();
        Document mapped = new Document();
        mapping.write(TrailEventDocument.of(PHONE, 7, AT, registration()), mapped);
        int whole = new RawBsonDocument(mapped, new DocumentCodec()).getByteBuffer().remaining();
        int shared = TrailEventCodec.raw(PHONE, 7, AT, registration()).getByteBuffer().remaining();
        assertThat(shared).isLessThan(whole * 2 / 3);
    }

    @Test
    void documentsWithWholeEntriesReadAsTheMappingReadsThem() {
        MappingMongoConverter mapping = ServerMapping.converter();
        Document mapped = new Document();
        mapping.write(TrailEventDocument.of(PHONE, 7, AT, mixed()), mapped);
        TrailEventDocument read = new RawBsonDocument(mapped, new DocumentCodec()).decode(TrailEventReader.INSTANCE);
        assertThat(read.entries).isEqualTo(mapping.read(TrailEventDocument.class, mapped).entries);
        assertThat(read.entries.get(3).at()).as("an entry without a time in a document of whole entries").isNull();
    }
}
