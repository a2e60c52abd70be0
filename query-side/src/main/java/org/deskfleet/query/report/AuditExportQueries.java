package org.deskfleet.query.report;

import org.deskfleet.kernel.history.HistoryEntry;
import org.deskfleet.kernel.report.AuditRow;
import org.deskfleet.query.ReadModels;
import org.deskfleet.query.history.ClientHistoryDocument;
import org.deskfleet.query.history.TrailEventDocument;
import org.deskfleet.query.history.TrailEventReader;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * The parameter changes of every client (or one) in a time window, oldest first, from the audit trail's events
 * ({@code client_history_events}): one cursor over the window (by the {@link ReportIndexes#BY_TIME} index where the
 * server has it), each event's parameter entries handed on as they come. Nothing is collected: millions of rows
 * cost the memory of one batch of the cursor. Secret values are not in the trail (null, {@code secret} true).
 */
@Component
public class AuditExportQueries {

    static final int BATCH = 500;

    private final MongoTemplate mongo;

    public AuditExportQueries(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Hands every parameter change with {@code from <= at < to} (of {@code deviceId} only when given) to
     * {@code rows}, in time order; returns how many.
     */
    public long export(Instant from, Instant to, String deviceId, Consumer<AuditRow> rows) {
        // the filter the Criteria of Spring Data wrote, as the index by time expects it
        org.bson.Document window = new org.bson.Document("at", new org.bson.Document("$gte", java.util.Date.from(from))
                .append("$lt", java.util.Date.from(to))).append("entries.kind", HistoryEntry.Kind.PARAMETER.name());
        if (deviceId != null) {
            window.append("subject", deviceId);
        }
        long n = 0;
        // read by the trail's own reader (an event's shared fields are written once: TrailEventCodec), not the mapping
        try (var events = mongo.getCollection(ReadModels.name(ClientHistoryDocument.EVENTS))
                .withDocumentClass(org.bson.RawBsonDocument.class).find(window)
                .sort(com.mongodb.client.model.Sorts.ascending("at", "_id")).batchSize(BATCH).iterator()) {
            while (events.hasNext()) {
                TrailEventDocument d = events.next().decode(TrailEventReader.INSTANCE);
                for (HistoryEntry e : d.entries) {
                    if (e.kind() != HistoryEntry.Kind.PARAMETER) {
                        continue;
                    }
                    // The trail never holds a secret in clear; this keeps it so should a stored one ever carry a value.
                    boolean secret = e.secret();
                    rows.accept(new AuditRow(d.at, d.subject, d.sequence, e.name(), e.index(),
                            secret ? null : e.oldValue(), secret ? null : e.newValue(), secret, e.source(), e.actor(),
                            e.reason(), e.correlationId()));
                    n++;
                }
            }
        }
        return n;
    }
}
