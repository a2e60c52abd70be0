package org.deskfleet.app.config;

import org.bson.Document;
import org.deskfleet.command.secret.DataKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-client data keys in MongoDB, each wrapped (AES-GCM) by the master key, which lives outside both
 * stores. Deleting a client's key document shreds its secrets; the event store keeps only ciphertext.
 *
 * <p>Each wrapped key names the key-encryption key (KEK) that wrapped it ({@code kek}: an id derived from the
 * KEK, which reveals nothing of it). A new master key is rotated in by starting with it as the master key and the
 * old one among the previous keys: every data key still opens (its {@code kek} says with which key), and
 * {@link #rewrapAll()} wraps them all under the new one, after which the previous key can be dropped. Documents
 * from before key ids (no {@code kek}) are opened with whichever known key authenticates them.
 */
final class MongoDataKeys implements DataKeys {

    private static final Logger log = LoggerFactory.getLogger(MongoDataKeys.class);

    static final String COLLECTION = "client_data_keys";
    private final MongoTemplate mongo;
    private final byte[] master;
    private final String masterId;
    /** Every key that may have wrapped a stored data key, by id, the current one first. */
    private final Map<String, byte[]> keks = new LinkedHashMap<>();
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    MongoDataKeys(MongoTemplate mongo, byte[] master) {
        this(mongo, master, List.of());
    }

    /** @param previous master keys rotated out: they still unwrap, never wrap */
    MongoDataKeys(MongoTemplate mongo, byte[] master, List<byte[]> previous) {
        this.mongo = mongo;
        this.master = master.clone();
        this.masterId = idOf(master);
        keks.put(masterId, this.master);
        for (byte[] p : previous) {
            if (p.length != 32) {
                throw new IllegalStateException("a previous master key must be 32 bytes (base64), not " + p.length);
            }
            keks.putIfAbsent(idOf(p), p.clone());
        }
    }

    /** The id of a key-encryption key: HMAC-SHA-256 of a fixed label under it, first 8 bytes in hex. */
    static String idOf(byte[] kek) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(kek, "HmacSHA256"));
            byte[] tag = mac.doFinal("deskfleet key-encryption key id".getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(tag, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive a key id", e);
        }
    }

    String masterId() {
        return masterId;
    }

    @Override
    public byte[] keyOf(String deviceId) {
        return cache.computeIfAbsent(deviceId, this::loadOrCreate).clone();
    }

    private synchronized byte[] loadOrCreate(String deviceId) {
        Document doc = mongo.findById(deviceId, Document.class, COLLECTION);
        if (doc != null) {
            return unwrap(deviceId, doc);
        }
        byte[] key = new byte[32];
        random.nextBytes(key);
        mongo.insert(new Document("_id", deviceId).append("wrapped", Base64.getEncoder().encodeToString(wrap(deviceId, key)))
                .append("kek", masterId), COLLECTION);
        return key;
    }

    @Override
    public void destroy(String deviceId) {
        cache.remove(deviceId);
        mongo.remove(Query.query(Criteria.where("_id").is(deviceId)), COLLECTION);
    }

    /** What a re-wrap did: data keys moved to the current master key, and those no known key opens (left as they are). */
    record Rewrap(long rewrapped, long unreadable) {
    }

    /**
     * Wraps every data key not yet under the current master key under it. Each document is replaced only if it is
     * still as read (a key shredded or re-wrapped meanwhile is left alone), so nodes may run it at once.
     */
    Rewrap rewrapAll() {
        long rewrapped = 0;
        long unreadable = 0;
        Query stale = Query.query(Criteria.where("kek").ne(masterId));
        for (Document doc : mongo.find(stale, Document.class, COLLECTION)) {
            String deviceId = doc.getString("_id");
            byte[] key;
            try {
                key = unwrap(deviceId, doc);
            } catch (IllegalStateException e) {
                unreadable++;
                log.warn("{}", e.getMessage());
                continue;
            }
            Query same = Query.query(Criteria.where("_id").is(deviceId).and("wrapped").is(doc.getString("wrapped")));
            Update update = new Update().set("wrapped", Base64.getEncoder().encodeToString(wrap(deviceId, key)))
                    .set("kek", masterId);
            if (mongo.updateFirst(same, update, COLLECTION).getModifiedCount() == 1) {
                rewrapped++;
            }
        }
        return new Rewrap(rewrapped, unreadable);
    }

    private byte[] unwrap(String deviceId, Document doc) {
        byte[] wrapped = Base64.getDecoder().decode(doc.getString("wrapped"));
        String kek = doc.getString("kek");
        if (kek != null) {
            byte[] key = keks.get(kek);
            if (key == null) {
                throw new IllegalStateException("data key of " + deviceId + " is wrapped by key-encryption key " + kek
                        + ", which this server does not have (current: " + masterId
                        + "); give the old master key in DESKFLEET_PREVIOUS_MASTER_KEYS");
            }
            return unwrap(deviceId, wrapped, key);
        }
        // Stored before key ids: whichever known key authenticates it (AES-GCM refuses every other one).
        for (byte[] key : keks.values()) {
            try {
                return unwrap(deviceId, wrapped, key);
            } catch (IllegalStateException wrongKey) {
                // try the next one
            }
        }
        throw new IllegalStateException("data key of " + deviceId + " cannot be unwrapped by any known master key "
                + keks.keySet() + ": wrong master key?");
    }

    private byte[] wrap(String deviceId, byte[] key) {
        try {
            byte[] iv = new byte[12];
            random.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(master, "AES"), new GCMParameterSpec(128, iv));
            c.updateAAD(deviceId.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(key);
            return ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot wrap a data key", e);
        }
    }

    private static byte[] unwrap(String deviceId, byte[] wrapped, byte[] kek) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(kek, "AES"), new GCMParameterSpec(128, wrapped, 0, 12));
            c.updateAAD(deviceId.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(wrapped, 12, wrapped.length - 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("data key of " + deviceId + " cannot be unwrapped: wrong master key?", e);
        }
    }
}
