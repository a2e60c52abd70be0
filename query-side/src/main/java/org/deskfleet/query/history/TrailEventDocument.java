package org.deskfleet.query.history;

import org.deskfleet.kernel.history.HistoryEntry;
import org.springframework.data.annotation.Id;

import java.time.Instant;
import java.util.ArrayList;
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
}
