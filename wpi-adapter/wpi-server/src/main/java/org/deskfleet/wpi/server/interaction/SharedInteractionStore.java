package org.deskfleet.wpi.server.interaction;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Open interactions in a MongoDB that every node shares, so a phone's next request may reach any node behind
 * a plain TCP load balancer and that node carries the interaction on. An interaction holds the job being
 * served, secrets included (decrypted for the phone), so each is stored sealed with AES-GCM (the JDK's
 * cipher) under a key kept outside the store, bound to its id. A phone sends one request at a time, so an
 * interaction is never written by two nodes at once. Expired ones are taken by exactly one node (a
 * delete that returns the document), which tells whoever held work.
 */
public final class SharedInteractionStore implements ExpiringInteractionStore {

    public static final String COLLECTION = "wpi_interactions";
    private static final Logger log = LoggerFactory.getLogger(SharedInteractionStore.class);
    private static final int IV_BYTES = 12;
    private static final Duration PRUNE_EVERY = Duration.ofSeconds(2);

    private final MongoCollection<Document> interactions;
    private final SecretKeySpec key;
    private final Duration ttl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** Interactions this node opened or carried on, for its own load shedding; pruned of those ended elsewhere. */
    private final Map<String, Instant> here = new ConcurrentHashMap<>();
    private volatile Instant prunedAt = Instant.EPOCH;

    /** @param key 32 bytes, used for nothing else */
    public SharedInteractionStore(MongoDatabase database, byte[] key, Duration ttl, Clock clock) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the interaction key must be 32 bytes");
        }
        this.interactions = database.getCollection(COLLECTION);
        this.key = new SecretKeySpec(key, "AES");
        this.ttl = ttl;
        this.clock = clock;
        try {
            interactions.createIndex(Indexes.ascending("device"));
            interactions.createIndex(Indexes.ascending("lastActivity"));
        } catch (RuntimeException e) {
            // A store without secondary indexes (the embedded wire server) scans; the few open interactions are small.
            log.debug("no index on {}: {}", COLLECTION, e.toString());
        }
    }

    @Override
    public Optional<Interaction> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return live(interactions.find(Filters.eq("_id", id)).first());
    }

    @Override
    public Set<String> open(java.util.Collection<String> ids) {
        Set<String> open = new HashSet<>();
        if (ids.isEmpty()) {
            return open;
        }
        Date limit = Date.from(clock.instant().minus(ttl));
        for (Document d : interactions.find(Filters.and(Filters.in("_id", ids), Filters.gte("lastActivity", limit)))
                .projection(Projections.include("_id"))) {
            open.add(d.getString("_id"));
        }
        return open;
    }

    @Override
    public Optional<Interaction> findByDevice(String deviceId) {
        if (deviceId == null) {
            return Optional.empty();
        }
        return live(interactions.find(Filters.eq("device", deviceId)).sort(Sorts.descending("lastActivity")).first());
    }

    @Override
    public void save(Interaction interaction) {
        Document d = new Document("_id", interaction.id())
                .append("device", interaction.deviceId())
                .append("lastActivity", Date.from(interaction.lastActivity()))
                .append("sealed", new Binary(seal(interaction)));
        interactions.replaceOne(Filters.eq("_id", interaction.id()), d, new ReplaceOptions().upsert(true));
        here.put(interaction.id(), interaction.lastActivity());
    }

    @Override
    public void remove(String id) {
        if (id != null) {
            interactions.deleteOne(Filters.eq("_id", id));
            here.remove(id);
        }
    }

    /** Interactions open on this node: those it touched last that no node has ended since (checked every 2 s). */
    @Override
    public int size() {
        Instant now = clock.instant();
        if (prunedAt.plus(PRUNE_EVERY).isBefore(now)) {
            prunedAt = now;
            prune(now);
        }
        return here.size();
    }

    private void prune(Instant now) {
        Instant limit = now.minus(ttl);
        here.values().removeIf(at -> at.isBefore(limit));
        if (here.isEmpty()) {
            return;
        }
        Set<String> open = new HashSet<>();
        for (Document d : interactions.find(Filters.in("_id", List.copyOf(here.keySet()))).projection(Projections.include("_id"))) {
            open.add(d.getString("_id"));
        }
        here.keySet().removeIf(id -> !open.contains(id));
    }

    @Override
    public int expire(Consumer<Interaction> expired) {
        Date limit = Date.from(clock.instant().minus(ttl));
        List<String> old = new ArrayList<>();
        for (Document d : interactions.find(Filters.lt("lastActivity", limit)).projection(Projections.include("_id"))) {
            old.add(d.getString("_id"));
        }
        int n = 0;
        for (String id : old) {
            // Taken by one node only: the delete returns the document to the node whose delete won.
            Document d = interactions.findOneAndDelete(Filters.and(Filters.eq("_id", id), Filters.lt("lastActivity", limit)));
            here.remove(id);
            if (d != null) {
                try {
                    expired.accept(open(d));
                } catch (RuntimeException e) {
                    log.warn("expired interaction {} could not be read: {}", id, e.toString());
                }
                n++;
            }
        }
        return n;
    }

    private Optional<Interaction> live(Document d) {
        if (d == null) {
            return Optional.empty();
        }
        Interaction i = open(d);
        if (i.lastActivity().plus(ttl).isBefore(clock.instant())) {
            return Optional.empty(); // expired: the periodic expiry drops it and tells who held work
        }
        return Optional.of(i);
    }

    private byte[] seal(Interaction interaction) {
        try {
            byte[] plain = json.writeValueAsBytes(interaction);
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(interaction.id().getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write interaction " + interaction.id(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal interaction " + interaction.id(), e);
        }
    }

    private Interaction open(Document d) {
        String id = d.getString("_id");
        byte[] all = d.get("sealed", Binary.class).getData();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, IV_BYTES));
            cipher.updateAAD(id.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES);
            return json.readValue(plain, Interaction.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read interaction " + id, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("interaction " + id + " does not open with this node's key (another key, or altered)", e);
        }
    }
}
