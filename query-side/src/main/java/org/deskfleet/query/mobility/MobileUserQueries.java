package org.deskfleet.query.mobility;

import org.deskfleet.kernel.InvalidInput;

import org.axonframework.queryhandling.QueryHandler;
import org.deskfleet.kernel.history.ConfigurationValue;
import org.deskfleet.kernel.history.DiffEntry;
import org.deskfleet.kernel.history.HistoryEntry;
import org.deskfleet.kernel.mobility.FindMobileUser;
import org.deskfleet.kernel.mobility.FindMobileUserAtDevice;
import org.deskfleet.kernel.mobility.FindMobileUserConfigurationAt;
import org.deskfleet.kernel.mobility.FindMobileUserConfigurationDiff;
import org.deskfleet.kernel.mobility.FindMobileUserHistory;
import org.deskfleet.kernel.mobility.FindMobileUsers;
import org.deskfleet.kernel.mobility.MobileUserPage;
import org.deskfleet.kernel.mobility.MobileUserView;
import org.deskfleet.query.history.ClientHistoryQueries;
import org.deskfleet.query.history.Trails;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Mobile user list and details, history, configuration at a time and diffs: the same shapes as a client's. */
@Component
public class MobileUserQueries {

    private static final int MAX_PAGE = 500;

    private final MongoTemplate mongo;

    public MobileUserQueries(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Filtered, sorted, counted and paged by the store: one page of users is read and mapped, however many there are
     * (before, every user was read to answer any page).
     */
    @QueryHandler
    public MobileUserPage handle(FindMobileUsers q) {
        Criteria filter = Criteria.where("deleted").is(false);
        String part = q.e164() == null ? "" : q.e164().strip().replaceFirst("^\\+", "");
        if (!part.isEmpty()) {
            filter = filter.and("e164").regex(java.util.regex.Pattern.quote(part));
        }
        if (q.status() != null) {
            // the status is whether the user is logged on somewhere (see status)
            filter = q.status() == MobileUserView.Status.LOGGED_ON ? filter.and("loggedOnAt").ne(null)
                    : filter.and("loggedOnAt").is(null);
        }
        FindMobileUsers.Sort sort = q.sort() == null ? FindMobileUsers.Sort.E164_ASC : q.sort();
        // A user never logged on (no last login) first in ascending order, last in descending; e164 breaks ties.
        Sort order = switch (sort) {
            case E164_ASC -> Sort.by(Sort.Direction.ASC, "e164");
            case E164_DESC -> Sort.by(Sort.Direction.DESC, "e164");
            case LAST_LOGIN_ASC -> Sort.by(Sort.Direction.ASC, "lastLogin", "e164");
            case LAST_LOGIN_DESC -> Sort.by(Sort.Direction.DESC, "lastLogin", "e164");
        };
        int offset = offset(q.after());
        int first = Math.max(1, Math.min(q.first() <= 0 ? 50 : q.first(), MAX_PAGE));
        long total = mongo.count(new Query(filter), MobileUserDocument.class);
        Query page = new Query(filter).with(order).skip(offset).limit(first);
        page.fields().exclude("profileData").exclude("devices");
        List<MobileUserDocument> found = offset >= total ? List.of() : mongo.find(page, MobileUserDocument.class);
        long end = offset + found.size();
        return new MobileUserPage(total, found.stream().map(MobileUserQueries::view).toList(),
                found.isEmpty() ? q.after() : Long.toString(end), end < total);
    }

    @QueryHandler
    public Optional<MobileUserView> handle(FindMobileUser q) {
        return live(q.e164()).map(MobileUserQueries::view);
    }

    @QueryHandler
    public Optional<MobileUserView> handle(FindMobileUserAtDevice q) {
        Query query = new Query(Criteria.where("loggedOnAt").is(q.deviceId()).and("deleted").is(false));
        query.fields().exclude("profileData");
        return mongo.find(query, MobileUserDocument.class).stream().findFirst().map(MobileUserQueries::view);
    }

    @QueryHandler
    public List<org.deskfleet.kernel.mobility.ProfileItem> handle(org.deskfleet.kernel.mobility.FindMobileUserProfile q) {
        return live(q.e164()).map(d -> d.profileData).orElse(List.of());
    }

    @QueryHandler
    public List<HistoryEntry> handle(FindMobileUserHistory q) {
        int first = q.first() <= 0 ? 100 : Math.min(q.first(), 1000);
        int offset = Math.max(0, q.offset());
        java.util.function.Predicate<HistoryEntry> matches = e -> (q.name() == null || e.name().equals(q.name()))
                && (q.from() == null || !e.at().isBefore(q.from()))
                && (q.to() == null || !e.at().isAfter(q.to()));
        List<HistoryEntry> newest = live(q.e164())
                .map(d -> Trails.newest(mongo, MobileUserDocument.HISTORY, d.e164, d.historyFrom, d.lastSequence, matches,
                        q.from(), offset + first))
                .orElse(List.of());
        return newest.stream()
                .sorted(Comparator.comparing(HistoryEntry::at).thenComparingLong(HistoryEntry::sequence).reversed())
                .skip(offset)
                .limit(first)
                .toList();
    }

    /** A user's whole history since its latest registration, in event order. */
    public static List<HistoryEntry> trail(MongoTemplate mongo, MobileUserDocument d) {
        return Trails.all(mongo, MobileUserDocument.HISTORY, d.e164, d.historyFrom, d.lastSequence);
    }

    @QueryHandler
    public List<ConfigurationValue> handle(FindMobileUserConfigurationAt q) {
        return List.copyOf(ClientHistoryQueries.fold(entries(q.e164()), q.at()).values());
    }

    @QueryHandler
    public List<DiffEntry> handle(FindMobileUserConfigurationDiff q) {
        return ClientHistoryQueries.diff(entries(q.e164()), q.from(), q.to());
    }

    private Optional<MobileUserDocument> live(String e164) {
        return Optional.ofNullable(e164 == null ? null : mongo.findById(e164, MobileUserDocument.class)).filter(d -> !d.deleted);
    }

    private List<HistoryEntry> entries(String e164) {
        return live(e164).map(d -> trail(mongo, d)).orElse(List.of());
    }

    private static MobileUserView.Status status(MobileUserDocument d) {
        return d.loggedOnAt == null ? MobileUserView.Status.LOGGED_OFF : MobileUserView.Status.LOGGED_ON;
    }

    static MobileUserView view(MobileUserDocument d) {
        return new MobileUserView(d.e164, d.name, status(d).name(), d.loggedOnAt, d.lastLogin, d.lastLogout, d.registeredAt,
                d.profileSize, d.profile, d.configuration);
    }

    private static int offset(String after) {
        if (after == null || after.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(after));
        } catch (NumberFormatException e) {
            throw new InvalidInput("not a cursor of this list: " + after);
        }
    }
}
