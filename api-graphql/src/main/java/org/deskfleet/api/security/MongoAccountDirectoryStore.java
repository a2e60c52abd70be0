package org.deskfleet.api.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The account directory in MongoDB, one collection per node ({@code account_directory}, {@code account_directory__<node>}
 * when several nodes share the database: each keeps its own copy beside its own position).
 * <p>
 * Why versions rather than in-place writes: MongoDB makes one document's write atomic (transactions need a replica
 * set, and the embedded store has none), and a batch may change many accounts. So every commit writes the changed
 * accounts as new documents of the next version ({@code <account>#<version>}), and only then moves the one
 * position document ({version, token}) to that version, with a check that it still is at the version this process
 * loaded. That single write is the commit: a crash before it leaves documents of a version no position names
 * (ignored and removed at the next load), a crash after it leaves older versions beside newer ones (likewise).
 * The state loaded is therefore always exactly the state at the stored position: no event is applied twice and
 * none is lost, and the handlers (which append to histories and feeds) need not be idempotent.
 * <p>
 * Loading costs the number of accounts (histories and feeds keep their newest entries), not the history.
 */
public final class MongoAccountDirectoryStore implements AccountDirectoryStore {

    static final String COLLECTION = "account_directory";
    private static final String POSITION = "position";
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final MongoDatabase database;
    private final Serializer serializer;
    private final String name;
    /** The version of the position this process loaded or last committed. */
    private long version;

    /**
     * @param node this node's name when several nodes share the MongoDB (blank: the only node)
     * @param serializer how the position (an Axon tracking token) is written, as the token store writes it
     */
    public MongoAccountDirectoryStore(MongoDatabase database, Serializer serializer, String node) {
        this.database = database;
        this.serializer = serializer;
        this.name = node == null || node.isBlank() ? COLLECTION : COLLECTION + "__" + node;
    }

    private MongoCollection<Document> collection() {
        return database.getCollection(name);
    }

    @Override
    public synchronized Snapshot load() {
        Document position = collection().find(Filters.eq("_id", POSITION)).first();
        version = position == null ? 0 : position.getLong("version");
        TrackingToken token = position == null ? null : token(position.get("token", Document.class));
        Map<String, Document> newest = new HashMap<>();
        List<Object> stale = new ArrayList<>();
        for (Document d : collection().find(Filters.exists("account"))) {
            long v = d.getLong("version");
            if (v > version) {
                stale.add(d.get("_id")); // written by a commit that never stored its position
                continue;
            }
            String account = d.getString("account");
            Document kept = newest.get(account);
            if (kept == null || kept.getLong("version") < v) {
                if (kept != null) {
                    stale.add(kept.get("_id")); // superseded: its commit stopped before removing it
                }
                newest.put(account, d);
            } else {
                stale.add(d.get("_id"));
            }
        }
        if (!stale.isEmpty()) {
            collection().deleteMany(Filters.in("_id", stale));
        }
        List<StoredAccount> accounts = new ArrayList<>(newest.size());
        for (Document d : newest.values()) {
            try {
                accounts.add(JSON.readValue(d.getString("data"), StoredAccount.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the stored account directory entry " + d.get("_id") + " cannot be read", e);
            }
        }
        return new Snapshot(accounts, token);
    }

    @Override
    public synchronized void commit(List<StoredAccount> changed, TrackingToken position) {
        long next = version + 1;
        if (!changed.isEmpty()) {
            List<WriteModel<Document>> writes = new ArrayList<>(changed.size());
            for (StoredAccount a : changed) {
                String id = a.accountId() + "#" + next;
                writes.add(new ReplaceOneModel<>(Filters.eq("_id", id), new Document("_id", id).append("account", a.accountId())
                        .append("version", next).append("data", json(a)), UPSERT));
            }
            collection().bulkWrite(writes);
        }
        // The commit: one document, moved only from the version this process knows.
        Document token = token(position);
        try {
            if (version == 0) {
                collection().insertOne(new Document("_id", POSITION).append("version", next).append("token", token));
            } else if (collection().updateOne(Filters.and(Filters.eq("_id", POSITION), Filters.eq("version", version)),
                    Updates.combine(Updates.set("version", next), Updates.set("token", token))).getMatchedCount() == 0) {
                throw new UnableToClaimTokenException("the account directory " + name + " was moved on by another process");
            }
        } catch (MongoWriteException e) {
            // a first position met one another process stored
            throw new UnableToClaimTokenException("the account directory " + name + " was stored by another process");
        }
        version = next;
        if (!changed.isEmpty()) {
            // Older versions of what changed; a crash before this leaves them to the next load.
            collection().deleteMany(Filters.and(Filters.in("account", changed.stream().map(StoredAccount::accountId).toList()),
                    Filters.lt("version", next)));
        }
    }

    @Override
    public synchronized void clear() {
        collection().deleteMany(new Document());
        version = 0;
    }

    private static String json(StoredAccount a) {
        try {
            return JSON.writeValueAsString(a);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("account " + a.accountId() + " cannot be written", e);
        }
    }

    private Document token(TrackingToken token) {
        if (token == null) {
            return null;
        }
        SerializedObject<String> s = serializer.serialize(token, String.class);
        return new Document("type", s.getType().getName()).append("revision", s.getType().getRevision()).append("data", s.getData());
    }

    private TrackingToken token(Document d) {
        return d == null ? null : serializer.deserialize(new SimpleSerializedObject<>(d.getString("data"), String.class,
                d.getString("type"), d.getString("revision")));
    }
}
