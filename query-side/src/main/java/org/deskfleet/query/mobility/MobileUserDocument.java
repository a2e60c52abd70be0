package org.deskfleet.query.mobility;

import org.deskfleet.kernel.history.HistoryEntry;
import org.deskfleet.kernel.mobility.MobileUserView;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A mobile user with its whole history in one document, found by number (the id), so details, history,
 * configuration-at-T and diffs need one read. A deleted user stays as a tombstone (so replays and
 * redeliveries of its older events change nothing) and is left out of every answer.
 */
@Document(MobileUserDocument.COLLECTION)
public class MobileUserDocument {

    public static final String COLLECTION = "mobile_users";

    @Id
    public String e164;
    public long lastSequence = -1;
    public boolean deleted;
    public String name;
    public String loggedOnAt;
    public Instant lastLogin;
    public Instant lastLogout;
    public Instant registeredAt;
    public Instant updatedAt;
    public long profileSize;
    public List<MobileUserView.ProfileFile> profile = new ArrayList<>();
    /** The files themselves, for the phone the user logs on at; left out of every list query. */
    public List<org.deskfleet.kernel.mobility.ProfileItem> profileData = new ArrayList<>();
    public List<MobileUserView.Value> configuration = new ArrayList<>();
    public List<HistoryEntry> history = new ArrayList<>();
}
