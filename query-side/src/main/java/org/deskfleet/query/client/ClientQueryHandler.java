package org.deskfleet.query.client;

import org.axonframework.queryhandling.QueryHandler;
import org.deskfleet.query.ReadModels;
import org.deskfleet.kernel.client.ClientFilter;
import org.deskfleet.kernel.client.ClientPage;
import org.deskfleet.kernel.client.ClientView;
import org.deskfleet.kernel.client.FindClient;
import org.deskfleet.kernel.client.FindClients;
import org.deskfleet.kernel.client.FindClientsByIds;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Answers client queries from the read model, joining the batched last-contact data. */
@Component
public class ClientQueryHandler {

    public static final int MAX_PAGE = 500;

    private final MongoTemplate mongo;
    /** Group members are whoever matches the group's filters now. */
    private final org.deskfleet.query.configuration.FleetLayers groups;

    public ClientQueryHandler(MongoTemplate mongo, org.deskfleet.query.configuration.FleetLayers groups) {
        this.mongo = mongo;
        this.groups = groups;
    }

    @QueryHandler
    public Optional<ClientView> handle(FindClient query) {
        ClientDocument d;
        if (query.withItems() && query.withDesired()) {
            d = mongo.findById(query.deviceId(), ClientDocument.class, ReadModels.name(ClientDocument.COLLECTION));
        } else {
            Query byId = Query.query(Criteria.where("_id").is(query.deviceId()));
            if (!query.withItems()) {
                byId.fields().exclude("items");
            }
            if (!query.withDesired()) {
                byId.fields().exclude("desired");
            }
            d = mongo.findOne(byId, ClientDocument.class, ReadModels.name(ClientDocument.COLLECTION));
        }
        if (d == null) {
            return Optional.empty();
        }
        // Collections by name: the documents' @Document expressions are evaluated (SpEL) at every call.
        ClientContactDocument c = !query.withLastContact() ? null
                : mongo.findById(query.deviceId(), ClientContactDocument.class, ClientContactDocument.COLLECTION);
        return Optional.of(view(d, c));
    }

    @QueryHandler
    public ClientPage handle(FindClients query) {
        int first = Math.max(0, Math.min(query.first(), MAX_PAGE));
        ClientFilter f = query.filter() == null ? ClientFilter.NONE : query.filter();
        Criteria filter = criteria(f);
        // Unfiltered, the collection's own count. Filtered, the count command: it counts index entries where an
        // index covers the filter (ClientIndexes), where countDocuments (an aggregation) reads every document it
        // matches, and on the embedded server every document of the collection.
        long total = criterialess(f) ? mongo.estimatedCount(ClientDocument.class) : count(filter);
        Query page = Query.query(query.after() == null ? filter
                        : new Criteria().andOperator(filter, Criteria.where("_id").gt(query.after())))
                .with(Sort.by("_id")).limit(first + 1);
        if (!query.withItems()) {
            page.fields().exclude("items");
        }
        List<ClientDocument> docs = new ArrayList<>(mongo.find(page, ClientDocument.class));
        boolean hasNext = docs.size() > first;
        if (hasNext) {
            docs = docs.subList(0, first);
        }
        Map<String, ClientContactDocument> contacts = docs.isEmpty() ? Map.of()
                : mongo.find(Query.query(Criteria.where("_id").in(docs.stream().map(d -> d.deviceId).toList())),
                        ClientContactDocument.class).stream()
                .collect(Collectors.toMap(c -> c.deviceId, Function.identity()));
        List<ClientView> nodes = docs.stream().map(d -> view(d, contacts.get(d.deviceId))).toList();
        return new ClientPage(total, nodes, nodes.isEmpty() ? null : nodes.getLast().deviceId(), hasNext);
    }

    @QueryHandler
    public ClientPage handle(FindClientsByIds query) {
        Query byId = Query.query(Criteria.where("_id").in(query.deviceIds()));
        byId.fields().exclude("items").exclude("desired");
        List<ClientView> nodes = mongo.find(byId, ClientDocument.class).stream().map(d -> view(d, null)).toList();
        return new ClientPage(nodes.size(), nodes, null, false);
    }

    private long count(Criteria filter) {
        org.bson.Document answer = mongo.getDb().runCommand(new org.bson.Document("count",
                mongo.getCollectionName(ClientDocument.class)).append("query", Query.query(filter).getQueryObject()));
        return ((Number) answer.get("n")).longValue();
    }

    private static boolean criterialess(ClientFilter f) {
        return f.deviceType() == null && f.softwareType() == null && f.softwareVersion() == null && f.e164() == null
                && f.deviceIdPrefix() == null
                && f.group() == null;
    }

    private Criteria criteria(ClientFilter f) {
        List<Criteria> parts = new ArrayList<>();
        if (f.group() != null) {
            parts.add(Criteria.where("_id").in(groups.members(f.group())));
        }
        if (f.deviceType() != null) {
            parts.add(Criteria.where("deviceType").is(f.deviceType()));
        }
        if (f.softwareType() != null) {
            parts.add(Criteria.where("softwareType").is(f.softwareType()));
        }
        if (f.softwareVersion() != null) {
            parts.add(Criteria.where("softwareVersion").is(f.softwareVersion()));
        }
        if (f.e164() != null) {
            parts.add(Criteria.where("e164").is(f.e164()));
        }
        if (f.deviceIdPrefix() != null) {
            parts.add(Criteria.where("_id").regex("^" + Pattern.quote(f.deviceIdPrefix().toLowerCase())));
        }
        return parts.isEmpty() ? new Criteria() : new Criteria().andOperator(parts);
    }

    static ClientView view(ClientDocument d, ClientContactDocument c) {
        List<ClientView.ItemView> items = d.items == null ? List.of() : d.items.stream()
                .map(i -> new ClientView.ItemView(i.name, i.index, i.secret ? null : i.value, i.status, i.secret))
                .toList();
        return new ClientView(d.deviceId, d.e164, d.deviceType, d.softwareType, d.softwareVersion, d.contactMeUri,
                d.ipAddress, d.registeredAt, c == null ? null : c.lastContact, d.inventoryComplete, d.secureMode, d.accessMode, items,
                d.desired == null ? List.of() : d.desired.stream().map(x -> new ClientView.DesiredView(x.parameter, x.index,
                        x.value, x.secret, x.source, x.actor, x.changedAt)).toList());
    }
}
