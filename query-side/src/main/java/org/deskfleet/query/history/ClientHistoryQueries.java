package org.deskfleet.query.history;

import org.deskfleet.query.mobility.MobileUserDocument;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import org.axonframework.queryhandling.QueryHandler;
import org.deskfleet.kernel.history.ConfigurationValue;
import org.deskfleet.kernel.history.DiffEntry;
import org.deskfleet.kernel.history.FindConfigurationAt;
import org.deskfleet.kernel.history.FindConfigurationDiff;
import org.deskfleet.kernel.history.FindHistory;
import org.deskfleet.kernel.history.HistoryEntry;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.catalog.ParameterCatalog;
import org.deskfleet.kernel.catalog.WpiMapping;
import org.deskfleet.query.ReadModels;
import org.deskfleet.query.client.ClientDocument;
import org.deskfleet.query.template.TemplateDocument;
import org.deskfleet.query.template.TemplateQueries;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/** History, configuration at a time and differences between two times, all folded from the audit trail. */
@Component
public class ClientHistoryQueries {

    private static final String LOGGED_ON_AT = "logged-on-at";

    private final MongoTemplate mongo;
    private final TemplateQueries templates;
    private final ParameterCatalog catalog;

    public ClientHistoryQueries(MongoTemplate mongo, TemplateQueries templates, ParameterCatalog catalog) {
        this.catalog = catalog;
        this.mongo = mongo;
        this.templates = templates;
    }

    /**
     * The client's own trail plus the parameter changes of the templates that apply to it (source
     * TEMPLATE), newest first: who changed the template that changed this phone shows here too.
     */
    @QueryHandler
    public List<HistoryEntry> handle(FindHistory q) {
        int first = q.first() <= 0 ? 100 : Math.min(q.first(), 1000);
        int offset = Math.max(0, q.offset());
        // Only as much of the phone's own trail as the page can show: the other sources are merged into the
        // newest offset + first of it, and nothing older could reach the page.
        List<HistoryEntry> all = new ArrayList<>(Trails.newest(mongo, ClientHistoryDocument.EVENTS, q.deviceId(), 0,
                lastSequence(q.deviceId()), e -> matches(e, q), q.from(), offset + first));
        List<TemplateDocument> live = templates.live();
        // Which templates apply needs the phone's type only: not its whole document (about 150 items), and not
        // at all without templates.
        ClientDocument client = live.isEmpty() ? null : typeOf(q.deviceId());
        if (client != null) {
            for (TemplateDocument t : live) {
                if (t.definition.appliesTo(client.deviceType, client.softwareType)) {
                    t.history.stream().filter(e -> e.kind() == HistoryEntry.Kind.PARAMETER)
                            .map(e -> new HistoryEntry(e.sequence(), e.at(), e.kind(), e.name(), e.index(), e.oldValue(),
                                    e.newValue(), e.secret(), ChangeSource.TEMPLATE, e.actor(),
                                    "template " + t.definition.name() + (e.reason() == null ? "" : ": " + e.reason()),
                                    e.correlationId()))
                            .forEach(all::add);
                }
            }
        }
        all.addAll(mobileUsers(q.deviceId()));
        return all.stream()
                .filter(e -> matches(e, q))
                .sorted(Comparator.comparing(HistoryEntry::at).thenComparingLong(HistoryEntry::sequence).reversed())
                .skip(offset)
                .limit(first)
                .toList();
    }

    private boolean matches(HistoryEntry e, FindHistory q) {
        return (q.name() == null || concerns(e, q.name()))
                && (q.from() == null || !e.at().isBefore(q.from()))
                && (q.to() == null || !e.at().isAfter(q.to()));
    }

    /**
     * What mobile users' logons brought to this phone (source MOBILE_USER): at each logon the user's own values
     * then standing and an item {@code mobile-user} naming the user, at each logoff the same undone, and the
     * user's changes in between, each saying whose logon it was.
     */
    private List<HistoryEntry> mobileUsers(String deviceId) {
        Query query = new Query(Criteria.where("devices").is(deviceId));
        query.fields().exclude("profileData");
        List<HistoryEntry> out = new ArrayList<>();
        for (MobileUserDocument user : mongo.find(query, MobileUserDocument.class, ReadModels.name(MobileUserDocument.COLLECTION))) {
            String why = "mobile user " + user.e164;
            boolean here = false;
            List<HistoryEntry> trail = org.deskfleet.query.mobility.MobileUserQueries.trail(mongo, user);
            for (HistoryEntry e : trail) {
                boolean logonHere = LOGGED_ON_AT.equals(e.name()) && deviceId.equals(e.newValue());
                boolean logoffHere = LOGGED_ON_AT.equals(e.name()) && deviceId.equals(e.oldValue()) && !deviceId.equals(e.newValue());
                if (logonHere || logoffHere) {
                    here = logonHere;
                    out.add(new HistoryEntry(e.sequence(), e.at(), HistoryEntry.Kind.ITEM, "mobile-user", null,
                            logonHere ? null : user.e164, logonHere ? user.e164 : null, false, ChangeSource.MOBILE_USER,
                            e.actor(), (logonHere ? "logon of " : "logoff of ") + why, e.correlationId()));
                    for (ConfigurationValue v : fold(trail, e.at()).values()) {
                        if (v.kind() == HistoryEntry.Kind.PARAMETER) {
                            out.add(new HistoryEntry(e.sequence(), e.at(), HistoryEntry.Kind.PARAMETER, v.name(), v.index(),
                                    logonHere ? null : v.value(), logonHere ? v.value() : null, v.secret(),
                                    ChangeSource.MOBILE_USER, e.actor(), (logonHere ? "logon of " : "logoff of ") + why,
                                    e.correlationId()));
                        }
                    }
                } else if (here && e.kind() == HistoryEntry.Kind.PARAMETER) {
                    out.add(new HistoryEntry(e.sequence(), e.at(), e.kind(), e.name(), e.index(), e.oldValue(), e.newValue(),
                            e.secret(), ChangeSource.MOBILE_USER, e.actor(), why + (e.reason() == null ? "" : ": " + e.reason()),
                            e.correlationId()));
                }
            }
        }
        return out;
    }

    /**
     * A parameter's history includes what the phone reported for the WPI items that carry it, and an
     * item's history the changes of the parameters it carries: one trail, whichever name is asked for.
     */
    private boolean concerns(HistoryEntry e, String name) {
        if (e.name().equals(name)) {
            return true;
        }
        if (e.kind() == HistoryEntry.Kind.ITEM) {
            WpiMapping m = catalog.mappingFor(name);
            return m.items().contains(e.name())
                    && (!(m.index() instanceof WpiMapping.IndexRule.Fixed f) || java.util.Objects.equals(e.index(), f.index()));
        }
        return catalog.itemsFor(e.name()).contains(name);
    }

    @QueryHandler
    public List<ConfigurationValue> handle(FindConfigurationAt q) {
        return List.copyOf(fold(entries(q.deviceId()), q.at()).values());
    }

    @QueryHandler
    public List<DiffEntry> handle(FindConfigurationDiff q) {
        return diff(entries(q.deviceId()), q.from(), q.to());
    }

    /** What differs between the values standing at two times; a secret differs when it was set again between. */
    public static List<DiffEntry> diff(List<HistoryEntry> all, Instant from, Instant to) {
        Map<String, ConfigurationValue> before = fold(all, from);
        Map<String, ConfigurationValue> after = fold(all, to);
        List<DiffEntry> diff = new ArrayList<>();
        TreeSet<String> slots = new TreeSet<>(before.keySet());
        slots.addAll(after.keySet());
        for (String slot : slots) {
            ConfigurationValue b = before.get(slot);
            ConfigurationValue a = after.get(slot);
            ConfigurationValue any = a != null ? a : b;
            boolean differs = b == null || a == null || !Objects.equals(b.value(), a.value())
                    || (any.secret() && !Objects.equals(b.changedAt(), a.changedAt()));
            if (differs) {
                diff.add(new DiffEntry(any.kind(), any.name(), any.index(), b == null ? null : b.value(),
                        a == null ? null : a.value(), any.secret()));
            }
        }
        return diff;
    }

    /** Values standing at a time: the entries up to it, in event order, last one wins per slot. */
    public static Map<String, ConfigurationValue> fold(List<HistoryEntry> entries, Instant at) {
        Map<String, ConfigurationValue> state = new TreeMap<>();
        entries.stream().sorted(Comparator.comparingLong(HistoryEntry::sequence))
                .filter(e -> !e.at().isAfter(at))
                .forEach(e -> {
                    String slot = e.kind() + ":" + e.name() + (e.index() == null ? "" : "#" + e.index());
                    if (e.newValue() == null && !e.secret()) {
                        state.remove(slot);
                    } else {
                        state.put(slot, new ConfigurationValue(e.kind(), e.name(), e.index(), e.newValue(), e.secret(),
                                e.source(), e.at()));
                    }
                });
        return state;
    }

    /** The phone's whole trail in event order (configuration at a time and diffs fold all of it). */
    private List<HistoryEntry> entries(String deviceId) {
        return Trails.all(mongo, ClientHistoryDocument.EVENTS, deviceId, 0, lastSequence(deviceId));
    }

    private ClientDocument typeOf(String deviceId) {
        Query byId = new Query(Criteria.where("_id").is(deviceId));
        byId.fields().include("deviceType", "softwareType");
        return mongo.findOne(byId, ClientDocument.class, ReadModels.name(ClientDocument.COLLECTION));
    }

    // Collections named here, not by the documents' @Document expressions: Spring Data evaluates those (SpEL, by
    // reflection) at every call, which cost a history page as much as reading the head itself.
    private long lastSequence(String deviceId) {
        ClientHistoryDocument head = mongo.findById(deviceId, ClientHistoryDocument.class,
                ReadModels.name(ClientHistoryDocument.COLLECTION));
        return head == null ? -1 : head.lastSequence;
    }
}
