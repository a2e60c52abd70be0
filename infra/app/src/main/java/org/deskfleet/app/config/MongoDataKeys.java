package org.deskfleet.app.config;

import org.bson.Document;
import org.deskfleet.command.secret.DataKeys;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-client data keys in MongoDB, each wrapped (AES-GCM) by the master key, which lives outside both
 * stores. Deleting a client's key document shreds its secrets; the event store keeps only ciphertext.
 */
final class MongoDataKeys implements DataKeys {

    static final String COLLECTION = "client_data_keys";
    private final MongoTemplate mongo;
    private final byte[] master;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    MongoDataKeys(MongoTemplate mongo, byte[] master) {
        this.mongo = mongo;
        this.master = master.clone();
    }

    @Override
    public byte[] keyOf(String deviceId) {
        return cache.computeIfAbsent(deviceId, this::loadOrCreate).clone();
    }

    private synchronized byte[] loadOrCreate(String deviceId) {
        Document doc = mongo.findById(deviceId, Document.class, COLLECTION);
        if (doc != null) {
            return unwrap(deviceId, Base64.getDecoder().decode(doc.getString("wrapped")));
        }
        byte[] key = new byte[32];
        random.nextBytes(key);
        mongo.insert(new Document("_id", deviceId).append("wrapped", Base64.getEncoder().encodeToString(wrap(deviceId, key))),
                COLLECTION);
        return key;
    }

    @Override
    public void destroy(String deviceId) {
        cache.remove(deviceId);
        mongo.remove(Query.query(Criteria.where("_id").is(deviceId)), COLLECTION);
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

    private byte[] unwrap(String deviceId, byte[] wrapped) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(master, "AES"), new GCMParameterSpec(128, wrapped, 0, 12));
            c.updateAAD(deviceId.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(wrapped, 12, wrapped.length - 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("data key of " + deviceId + " cannot be unwrapped: wrong master key?", e);
        }
    }
}
