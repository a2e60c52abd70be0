package org.deskfleet.query.history;

import org.deskfleet.kernel.history.HistoryEntry;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import org.bson.RawBsonDocument;
import org.springframework.data.mongodb.core.MongoTemplate;

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
        newestFirst(mongo, collection, subject, first, last, PAGE, visitor);
    }

    /**
     * As above, asking for {@code firstPage} sequence numbers in the first round trip and twice as many in each
     * next one, up to {@link #PAGE}: a reader that wants the newest twenty changes should not read (and have the
     * store match against a list of 256 ids) 256 events when the first few dozen hold them.
     */
    static void newestFirst(MongoTemplate mongo, String collection, String subject, long first, long last,
                            int firstPage, Predicate<TrailEventDocument> visitor) {
        MongoCollection<RawBsonDocument> events = mongo.getCollection(collection).withDocumentClass(RawBsonDocument.class);
        int size = Math.max(1, Math.min(PAGE, firstPage));
        for (long high = last; high >= Math.max(0, first); high -= size, size = Math.min(PAGE, size * 2)) {
            long low = Math.max(Math.max(0, first), high - size + 1);
            List<String> ids = new ArrayList<>((int) (high - low + 1));
            for (long s = high; s >= low; s--) {
                ids.add(TrailEventDocument.id(subject, s));
            }
            List<TrailEventDocument> page = new ArrayList<>(ids.size());
            for (RawBsonDocument raw : events.find(Filters.in("_id", ids))) {
                page.add(raw.decode(TrailEventReader.INSTANCE));
            }
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
        // Four times what is wanted, at least 64: a page of every change, or of one parameter among a few changed
        // in turn, is then one round trip (each costs about as much as reading a few dozen small events).
        newestFirst(mongo, collection, subject, first, last, Math.max(64, 4 * wanted), d -> {
            if (notBefore != null && d.at != null && d.at.isBefore(notBefore)) {
                return false;
            }
            d.entries.stream().filter(filter).forEach(out::add);
            return out.size() < wanted;
        });
        return out;
    }
}
