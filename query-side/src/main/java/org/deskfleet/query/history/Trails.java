package org.deskfleet.query.history;

import org.deskfleet.kernel.history.HistoryEntry;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import java.time.Instant;
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

    /**
     * Visits one name's documents of {@code subject}'s trail by name ({@link TrailNameDocument}, {@code count} of them),
     * newest first, until the visitor returns false: the first round trip asks for {@code wanted} ids (a page's worth),
     * later ones for {@link #PAGE}. With {@code notAfter}, the visit starts at the newest document not after it, found
     * by halving (a name's documents are in event order, and an event's time does not go back within one subject).
     */
    public static void newestByName(MongoTemplate mongo, String collection, String subject, String name, long count,
                                    Instant notAfter, int wanted, Predicate<TrailNameDocument> visitor) {
        long high = notAfter == null ? count - 1 : lastNotAfter(mongo, collection, subject, name, count, notAfter);
        int size = Math.max(1, Math.min(wanted, PAGE));
        while (high >= 0) {
            long low = Math.max(0, high - size + 1);
            List<String> ids = new ArrayList<>((int) (high - low + 1));
            for (long n = high; n >= low; n--) {
                ids.add(TrailNameDocument.id(subject, name, n));
            }
            List<TrailNameDocument> page = new ArrayList<>(ids.size());
            for (org.bson.Document d : mongo.getCollection(collection).find(new org.bson.Document("_id",
                    new org.bson.Document("$in", ids)))) {
                page.add(TrailNameDocument.from(d, subject, name));
            }
            page.sort(Comparator.comparingLong((TrailNameDocument d) -> d.sequence).reversed());
            for (TrailNameDocument d : page) {
                if (!visitor.test(d)) {
                    return;
                }
            }
            high = low - 1;
            size = PAGE;
        }
    }

    /** The number of the newest of {@code count} documents whose time is not after {@code notAfter}, or -1. */
    private static long lastNotAfter(MongoTemplate mongo, String collection, String subject, String name, long count,
                                     Instant notAfter) {
        long low = 0;
        long high = count - 1;
        long best = -1;
        while (low <= high) {
            long mid = high == count - 1 && best < 0 && low == 0 ? high : low + (high - low) / 2;
            org.bson.Document d = mongo.getCollection(collection)
                    .find(new org.bson.Document("_id", TrailNameDocument.id(subject, name, mid)))
                    .projection(new org.bson.Document("at", 1)).first();
            java.util.Date at = d == null ? null : d.getDate("at");
            if (at == null || !at.toInstant().isAfter(notAfter)) {
                best = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return best;
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
