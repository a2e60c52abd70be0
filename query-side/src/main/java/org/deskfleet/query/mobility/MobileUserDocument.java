package org.deskfleet.query.mobility;

import org.deskfleet.kernel.history.HistoryEntry;
import org.deskfleet.kernel.mobility.MobileUserView;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A mobile user, found by number (the id). Its history is one {@link org.deskfleet.query.history.TrailEventDocument}
 * per event in {@link #HISTORY}, from {@link #historyFrom} (its latest registration) to {@link #lastSequence}, so
 * no user's history outgrows a document. A deleted user stays as a tombstone (so replays and redeliveries of its
 * older events change nothing) and is left out of every answer.
 */
@Document("#{@readModels.name('mobile_users')}")
public class MobileUserDocument extends org.deskfleet.query.SequencedDocument {

    public static final String COLLECTION = "mobile_users";
    public static final String HISTORY = "mobile_user_history";

    @Id
    public String e164;
    public boolean deleted;
    public String name;
    public String loggedOnAt;
    public Instant lastLogin;
    public Instant lastLogout;
    public Instant registeredAt;
    public long profileSize;
    public List<MobileUserView.ProfileFile> profile = new ArrayList<>();
    /** The files themselves, for the phone the user logs on at; left out of every list query. */
    public List<org.deskfleet.kernel.mobility.ProfileItem> profileData = new ArrayList<>();
    public List<MobileUserView.Value> configuration = new ArrayList<>();
    /** The first sequence number of this user's history: a number registered again starts a new one. */
    public long historyFrom;
    /** The phones this user has logged on at (their histories show the user's logons, logoffs and changes). */
    public List<String> devices = new ArrayList<>();
    /** What the event being applied adds to the history: written as a document of its own, not kept here. */
    @org.springframework.data.annotation.Transient
    public List<HistoryEntry> history = new ArrayList<>();
}
