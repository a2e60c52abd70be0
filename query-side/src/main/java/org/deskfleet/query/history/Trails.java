package org.deskfleet.query.history;

import org.deskfleet.kernel.history.HistoryEntry;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads an audit trail kept as one {@link TrailEventDocument} per event, newest first, a page of sequence numbers
 * at a time by id ({@code $in} on the id index): a reader that needs the last twenty changes reads the last events,
 * not the subject's whole trail. Sequence numbers without a document (events that change nothing the trail shows)
 * cost nothing but their place in the page.
 */
public final class Trails {

    /** Sequence numbers asked for per round trip. */
    static final int PAGE = 256;

    private Trails() {
    }

    /**
     * Visits the events of {@code subject} from sequence {@code last} down to {@code first}, newest first, until
     * the visitor returns false.
     */
    public static void newestFirst(MongoTemplate mongo, String collection, String subject, long first, long last,
                                   Predicate<TrailEventDocument> visitor) {
        for (long high = last; high >= Math.max(0, first); high -= PAGE) {
            long low = Math.max(Math.max(0, first), high - PAGE + 1);
            List<String> ids = new ArrayList<>((int) (high - low + 1));
            for (long s = high; s >= low; s--) {
                ids.add(TrailEventDocument.id(subject, s));
            }
            List<TrailEventDocument> page = new ArrayList<>(
                    mongo.find(Query.query(Criteria.where("_id").in(ids)), TrailEventDocument.class, collection));
            page.sort(Comparator.comparingLong((TrailEventDocument d) -> d.sequence).reversed());
            for (TrailEventDocument d : page) {
                if (!visitor.test(d)) {
                    return;
                }
            }
        }
    }

    /** Every entry of the trail between two sequence numbers, in event order. */
    public static List<HistoryEntry> all(MongoTemplate mongo, String collection, String subject, long first, long last) {
        List<TrailEventDocument> events = new ArrayList<>();
        newestFirst(mongo, collection, subject, first, last, events::add);
        List<HistoryEntry> out = new ArrayList<>();
        for (int i = events.size() - 1; i >= 0; i--) {
            out.addAll(events.get(i).entries);
        }
        return out;
    }

    /**
     * The newest entries matching a filter, enough for a page that skips {@code offset} and shows {@code first}:
     * reading stops once that many matched, or at an event older than {@code notBefore} (an event's time does not
     * go back within one subject).
     */
    public static List<HistoryEntry> newest(MongoTemplate mongo, String collection, String subject, long first, long last,
                                            Predicate<HistoryEntry> filter, java.time.Instant notBefore, int wanted) {
        List<HistoryEntry> out = new ArrayList<>();
        newestFirst(mongo, collection, subject, first, last, d -> {
            if (notBefore != null && d.at != null && d.at.isBefore(notBefore)) {
                return false;
            }
            d.entries.stream().filter(filter).forEach(out::add);
            return out.size() < wanted;
        });
        return out;
    }
}
