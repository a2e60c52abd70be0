package org.deskfleet.query.history;

import org.bson.Document;
import org.deskfleet.kernel.history.HistoryEntry;
import org.springframework.data.annotation.Id;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * What one event changed on one subject (a client, a mobile user): one document per event, never rewritten, so
 * no subject's audit trail can outgrow MongoDB's document limit however long it gets. The id is
 * {@code subject/sequence} (the event's aggregate and sequence number): writing the same event again (a replay, a
 * batch repeated after a crash) replaces the document with itself, and the id index is the (subject, sequence)
 * index every reader pages by, on every MongoDB, the embedded one included (which serves {@code _id} lookups and
 * {@code $in} from an index, and scans the collection for anything else).
 */
public class TrailEventDocument {

    @Id
    public String id;
    public String subject;
    public long sequence;
    public Instant at;
    public List<HistoryEntry> entries = new ArrayList<>();

    public static String id(String subject, long sequence) {
        return subject + "/" + sequence;
    }

    public static TrailEventDocument of(String subject, long sequence, Instant at, List<HistoryEntry> entries) {
        TrailEventDocument d = new TrailEventDocument();
        d.id = id(subject, sequence);
        d.subject = subject;
        d.sequence = sequence;
        d.at = at;
        d.entries = new ArrayList<>(entries);
        return d;
    }

    /**
     * The same document as BSON, in the shape the mapping writes and reads ({@link #of}, without its type hint): a
     * replay writes thousands of these per second, and converting them through the mapping was most of its time.
     */
    public static Document bson(String subject, long sequence, Instant at, List<HistoryEntry> entries) {
        List<Document> list = new ArrayList<>(entries.size());
        for (HistoryEntry e : entries) {
            list.add(bson(e));
        }
        Document d = new Document("_id", id(subject, sequence)).append("subject", subject).append("sequence", sequence);
        put(d, "at", date(at));
        return d.append("entries", list);
    }

    /** One entry as the mapping writes a {@link HistoryEntry}: its components by name, nulls left out. */
    static Document bson(HistoryEntry e) {
        Document d = new Document("sequence", e.sequence());
        put(d, "at", date(e.at()));
        put(d, "kind", e.kind() == null ? null : e.kind().name());
        put(d, "name", e.name());
        put(d, "index", e.index());
        put(d, "oldValue", e.oldValue());
        put(d, "newValue", e.newValue());
        d.put("secret", e.secret());
        put(d, "source", e.source() == null ? null : e.source().name());
        put(d, "actor", e.actor());
        put(d, "reason", e.reason());
        put(d, "correlationId", e.correlationId());
        return d;
    }

    private static void put(Document d, String key, Object value) {
        if (value != null) {
            d.put(key, value);
        }
    }

    private static Date date(Instant at) {
        return at == null ? null : Date.from(at);
    }
}
