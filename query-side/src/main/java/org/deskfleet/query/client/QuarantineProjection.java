package org.deskfleet.query.client;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryHandler;
import org.deskfleet.kernel.client.ClientApproved;
import org.deskfleet.kernel.client.ClientDeleted;
import org.deskfleet.kernel.client.ClientIdentity;
import org.deskfleet.kernel.client.ClientPage;
import org.deskfleet.kernel.client.ClientQuarantined;
import org.deskfleet.kernel.client.ClientView;
import org.deskfleet.kernel.client.FindQuarantinedClients;
import org.deskfleet.query.ProjectionBatch;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Quarantined phones in a collection of their own, beside the clients: whatever selects clients (lists, filters,
 * groups, job targets, contact-me) reads {@code clients} and so never sees one. An approval moves the phone into
 * {@code clients}. Part of the client projection's processing group: rebuilt, reset and ordered with it.
 */
@Component
@ProcessingGroup(ClientProjection.NAME)
public class QuarantineProjection {

    @Document(QuarantinedClientDocument.COLLECTION)
    public static class QuarantinedClientDocument {
        public static final String COLLECTION = "quarantined_clients";
        @Id
        public String deviceId;
        public String e164;
        public String deviceType;
        public String softwareType;
        public String softwareVersion;
        public String contactMeUri;
        public String ipAddress;
        public Instant quarantinedAt;
        public String reason;
        public long lastSequence = -1;
    }

    private final MongoTemplate mongo;

    public QuarantineProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(ClientQuarantined e, @SequenceNumber long seq) {
        QuarantinedClientDocument before = quarantined().find(e.deviceId());
        if (before != null && before.lastSequence >= seq) {
            return;
        }
        QuarantinedClientDocument d = new QuarantinedClientDocument();
        d.deviceId = e.deviceId();
        ClientIdentity id = e.identity();
        d.e164 = id.e164();
        d.deviceType = id.deviceType();
        d.softwareType = id.softwareType();
        d.softwareVersion = id.softwareVersion();
        d.contactMeUri = id.contactMeUri();
        d.ipAddress = id.ipAddress();
        d.quarantinedAt = e.at();
        d.reason = e.reason().name();
        d.lastSequence = seq;
        quarantined().save(d);
    }

    /** Into the clients, registered as of the approval (it was given nothing before); out of the quarantine. */
    @EventHandler
    void on(ClientApproved e, @SequenceNumber long seq) {
        ClientProjection.registered(ClientProjection.documents(mongo), e.deviceId(), e.identity(), e.at(), seq);
        quarantined().remove(e.deviceId());
    }

    /** Rejected (deleted) while quarantined: gone; a later contact quarantines it anew. */
    @EventHandler
    void on(ClientDeleted e, @SequenceNumber long seq) {
        quarantined().remove(e.deviceId());
    }

    /** Like the clients: through the batch being handled ({@link ProjectionBatch}), or at once outside one. */
    private ProjectionBatch.Documents<QuarantinedClientDocument> quarantined() {
        return ProjectionBatch.documents(mongo, QuarantinedClientDocument.class,
                QuarantinedClientDocument.COLLECTION, d -> d.deviceId, ClientProjection.CLIENT_OF);
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(QuarantinedClientDocument.class);
    }

    @QueryHandler
    public ClientPage handle(FindQuarantinedClients q) {
        // Looked up by id (an approval, a job's targets): all of them; listed: a page.
        int cap = q.deviceIds() == null ? ClientQueryHandler.MAX_PAGE : Math.max(ClientQueryHandler.MAX_PAGE, q.deviceIds().size());
        int first = Math.max(0, Math.min(q.first(), cap));
        Criteria filter = q.deviceIds() == null ? new Criteria() : Criteria.where("_id").in(q.deviceIds());
        long total = mongo.count(Query.query(filter), QuarantinedClientDocument.class);
        Query page = Query.query(q.after() == null ? filter
                        : new Criteria().andOperator(filter, Criteria.where("_id").gt(q.after())))
                .with(Sort.by("_id")).limit(first + 1);
        List<QuarantinedClientDocument> docs = new ArrayList<>(mongo.find(page, QuarantinedClientDocument.class));
        boolean hasNext = docs.size() > first;
        if (hasNext) {
            docs = docs.subList(0, first);
        }
        List<ClientView> nodes = docs.stream().map(QuarantineProjection::view).toList();
        return new ClientPage(total, nodes, nodes.isEmpty() ? null : nodes.getLast().deviceId(), hasNext);
    }

    static ClientView view(QuarantinedClientDocument d) {
        return new ClientView(d.deviceId, d.e164, d.deviceType, d.softwareType, d.softwareVersion, d.contactMeUri,
                d.ipAddress, d.quarantinedAt, null, false, false, "DIRECT", List.of(), List.of(), true);
    }

}
