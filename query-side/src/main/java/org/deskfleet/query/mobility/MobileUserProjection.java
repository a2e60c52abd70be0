package org.deskfleet.query.mobility;

import org.deskfleet.kernel.ItemKeys;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.configuration.ParameterChange;
import org.deskfleet.kernel.history.HistoryEntry;
import org.deskfleet.kernel.mobility.MobileUserConfigurationChanged;
import org.deskfleet.kernel.mobility.MobileUserDeleted;
import org.deskfleet.kernel.mobility.MobileUserEvent;
import org.deskfleet.kernel.mobility.MobileUserLoggedOff;
import org.deskfleet.kernel.mobility.MobileUserLoggedOn;
import org.deskfleet.kernel.mobility.MobileUserProfileStored;
import org.deskfleet.kernel.mobility.MobileUserRegistered;
import org.deskfleet.kernel.mobility.MobileUserView;
import org.deskfleet.kernel.mobility.ProfileItem;
import org.deskfleet.query.ProjectionBatch;
import org.deskfleet.query.ReadModels;
import org.deskfleet.query.SequencedDocuments;
import org.deskfleet.query.history.TrailEventDocument;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Builds {@link MobileUserDocument}s, one handler per event; each document remembers the last sequence it
 * applied, so a replay over existing documents changes nothing. Logons, logoffs and profile files enter
 * the history as items ({@code logged-on-at}, {@code userdata-*}), so configuration-at-T shows where the
 * user was logged on and which profile it had, beside its parameters.
 */
@Component
@ProcessingGroup(MobileUserProjection.NAME)
public class MobileUserProjection {

    public static final String NAME = "mobile-user-projection";
    static final String LOGGED_ON_AT = "logged-on-at";

    private final MongoTemplate mongo;
    private final SequencedDocuments<MobileUserDocument> documents;

    public MobileUserProjection(MongoTemplate mongo) {
        this.mongo = mongo;
        this.documents = SequencedDocuments.batched(mongo, MobileUserDocument.class, MobileUserDocument.COLLECTION,
                d -> d.e164, USER_OF, e164 -> {
                    MobileUserDocument d = new MobileUserDocument();
                    d.e164 = e164;
                    return d;
                });
    }

    /** A number registered again after a deletion is a new user: nothing of the old one is shown. */
    @EventHandler
    void on(MobileUserRegistered e, @SequenceNumber long seq) {
        update(e.e164(), seq, e.at(), d -> {
            d.deleted = false;
            d.name = e.name();
            d.registeredAt = e.at();
            d.loggedOnAt = null;
            d.lastLogin = null;
            d.lastLogout = null;
            d.profileSize = 0;
            d.profile = new ArrayList<>();
            d.profileData = new ArrayList<>();
            d.configuration = new ArrayList<>();
            d.historyFrom = seq;
            d.devices = new ArrayList<>();
            d.history.add(item(seq, e.at(), "name", null, e.name(), false, ChangeSource.ADMIN, e.actor(), e.reason()));
            d.history.add(item(seq, e.at(), "password", null, null, true, ChangeSource.ADMIN, e.actor(), e.reason()));
        });
    }

    @EventHandler
    void on(MobileUserDeleted e, @SequenceNumber long seq) {
        update(e.e164(), seq, e.at(), d -> {
            d.deleted = true;
            d.name = null;
            d.loggedOnAt = null;
            d.profileSize = 0;
            d.profile = new ArrayList<>();
            d.profileData = new ArrayList<>();
            d.configuration = new ArrayList<>();
            d.historyFrom = seq + 1;
            d.devices = new ArrayList<>();
        });
    }

    @EventHandler
    void on(MobileUserConfigurationChanged e, @SequenceNumber long seq) {
        update(e.e164(), seq, e.at(), d -> {
            Map<String, MobileUserView.Value> values = new TreeMap<>();
            d.configuration.forEach(v -> values.put(ItemKeys.key(v.parameter(), v.index()), v));
            String why = e.deviceId() == null ? e.reason()
                    : "local change at " + e.deviceId() + (e.reason() == null ? "" : ": " + e.reason());
            for (ParameterChange c : e.changes()) {
                if (c.newValue() == null) {
                    values.remove(c.slot());
                } else {
                    values.put(c.slot(), new MobileUserView.Value(c.parameter(), c.index(), c.secret() ? null : c.newValue(),
                            c.secret(), e.source().name(), e.actor(), e.at()));
                }
                d.history.add(new HistoryEntry(seq, e.at(), HistoryEntry.Kind.PARAMETER, c.parameter(), c.index(),
                        c.secret() ? null : c.oldValue(), c.secret() ? null : c.newValue(), c.secret(), e.source(),
                        e.actor(), why, e.correlationId()));
            }
            d.configuration = new ArrayList<>(values.values());
        });
    }

    @EventHandler
    void on(MobileUserLoggedOn e, @SequenceNumber long seq) {
        update(e.e164(), seq, e.at(), d -> {
            d.history.add(item(seq, e.at(), LOGGED_ON_AT, d.loggedOnAt, e.deviceId(), false, e.source(), e.actor(), e.reason(),
                    e.correlationId()));
            d.loggedOnAt = e.deviceId();
            d.lastLogin = e.at();
            if (!d.devices.contains(e.deviceId())) {
                d.devices.add(e.deviceId());
            }
        });
    }

    @EventHandler
    void on(MobileUserLoggedOff e, @SequenceNumber long seq) {
        update(e.e164(), seq, e.at(), d -> {
            d.history.add(item(seq, e.at(), LOGGED_ON_AT, d.loggedOnAt, null, false, e.source(), e.actor(), e.reason(),
                    e.correlationId()));
            d.loggedOnAt = null;
            d.lastLogout = e.at();
        });
    }

    @EventHandler
    void on(MobileUserProfileStored e, @SequenceNumber long seq) {
        update(e.e164(), seq, e.at(), d -> {
            Map<String, MobileUserView.ProfileFile> files = new TreeMap<>();
            d.profile.forEach(p -> files.put(p.name(), p));
            for (ProfileItem p : e.items()) {
                MobileUserView.ProfileFile before = files.get(p.name());
                MobileUserView.ProfileFile after = new MobileUserView.ProfileFile(p.name(), p.size(), e.at(), e.deviceId());
                files.put(p.name(), after);
                d.history.add(item(seq, e.at(), p.name(), before == null ? null : before.size() + " bytes",
                        after.size() + " bytes", false, ChangeSource.PHONE, e.deviceId(), "read at logoff"));
            }
            d.profile = new ArrayList<>(files.values());
            Map<String, ProfileItem> data = new TreeMap<>();
            d.profileData.forEach(p -> data.put(p.name(), p));
            e.items().forEach(p -> data.put(p.name(), p));
            d.profileData = new ArrayList<>(data.values());
            d.profileSize = e.size();
        });
    }

    @ResetHandler
    void reset() {
        documents.reset();
        mongo.dropCollection(ReadModels.name(MobileUserDocument.HISTORY));
    }

    public long handled() {
        return documents.handled();
    }

    static final ProjectionBatch.SubjectOf<MobileUserEvent> USER_OF = new ProjectionBatch.SubjectOf<>(MobileUserEvent.class,
            MobileUserEvent::e164);

    /**
     * The history first: the user document's sequence is what makes the event applied, and a crash between the two
     * writes repeats both (the history document is written again the same). In a batch (every event but a dead
     * letter retried) the history's writes are taken before the users' documents are read, so that the batch's
     * flush writes them first too.
     */
    private void update(String e164, long seq, Instant at, Consumer<MobileUserDocument> change) {
        ProjectionBatch.Writes history = ProjectionBatch.writes(mongo, MobileUserDocument.HISTORY);
        documents.update(e164, seq, at, change, d -> {
            if (!d.history.isEmpty()) {
                history.save(TrailEventDocument.id(e164, seq), TrailEventDocument.of(e164, seq, at, d.history));
                // the batch keeps the document for the user's next event: what this one added is written
                d.history = new ArrayList<>();
            }
        });
    }

    private static HistoryEntry item(long seq, Instant at, String name, String before, String after, boolean secret,
                                     ChangeSource source, String actor, String reason) {
        return item(seq, at, name, before, after, secret, source, actor, reason, null);
    }

    /** {@code correlationId}: the job that did it (an operator's or the system's logon or logoff). */
    private static HistoryEntry item(long seq, Instant at, String name, String before, String after, boolean secret,
                                     ChangeSource source, String actor, String reason, String correlationId) {
        return new HistoryEntry(seq, at, HistoryEntry.Kind.ITEM, name, null, before, after, secret, source, actor, reason,
                correlationId);
    }

}
