package org.deskfleet.query.history;

import org.deskfleet.kernel.history.HistoryEntry;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.util.ArrayList;
import java.util.List;

/**
 * A client's whole audit trail in one document, found by its id (a unique index on every MongoDB, the
 * embedded one included), so history, configuration-at-T and diffs need one read and no secondary index.
 */
@Document(ClientHistoryDocument.COLLECTION)
public class ClientHistoryDocument {

    public static final String COLLECTION = "client_history";

    @Id
    public String deviceId;
    public long lastSequence = -1;
    public List<HistoryEntry> entries = new ArrayList<>();
}
