package org.deskfleet.app.config;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.deskfleet.command.secret.AesGcmSecretCipher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rotation of the master key that wraps the per-client data keys, over the Mongo wire protocol: each wrapped key
 * names its key-encryption key; the old key still opens what it wrapped until everything is wrapped anew.
 */
class MongoDataKeysTest {

    private static final String A = "00:1a:e8:00:00:01";
    private static final String B = "00:1a:e8:00:00:02";

    private MongoServer server;
    private MongoClient client;
    private MongoTemplate mongo;
    private final byte[] oldKey = random();
    private final byte[] newKey = random();

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        var address = server.bind();
        client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
        mongo = new MongoTemplate(client, "keys-test");
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void aRotatedMasterKeyStillOpensOldKeysUntilEveryOneIsWrappedAnew() {
        var before = new AesGcmSecretCipher(new MongoDataKeys(mongo, oldKey));
        String secretA = before.encrypt(A, "sip-Secret-A");
        String secretB = before.encrypt(B, "sip-Secret-B");
        assertThat(kekOf(A)).isEqualTo(MongoDataKeys.idOf(oldKey)).hasSize(16);
        assertThat(storedWrapped(A)).doesNotContain(Base64.getEncoder().encodeToString(oldKey));

        // Started with the new key only: the old wrapping is named, not guessed, and nothing changes.
        var withoutOld = new MongoDataKeys(mongo, newKey);
        assertThatThrownBy(() -> new AesGcmSecretCipher(withoutOld).decrypt(A, secretA))
                .hasMessageContaining(MongoDataKeys.idOf(oldKey)).hasMessageContaining("DESKFLEET_PREVIOUS_MASTER_KEYS");
        assertThat(withoutOld.rewrapAll()).isEqualTo(new MongoDataKeys.Rewrap(0, 2));
        assertThat(kekOf(A)).isEqualTo(MongoDataKeys.idOf(oldKey));

        // New key current, old one previous: everything opens; new data keys are wrapped by the new key.
        var rotating = new MongoDataKeys(mongo, newKey, List.of(oldKey));
        var cipher = new AesGcmSecretCipher(rotating);
        assertThat(cipher.decrypt(A, secretA)).isEqualTo("sip-Secret-A");
        String secretC = cipher.encrypt("00:1a:e8:00:00:03", "sip-Secret-C");
        assertThat(kekOf("00:1a:e8:00:00:03")).isEqualTo(MongoDataKeys.idOf(newKey));

        assertThat(rotating.rewrapAll()).isEqualTo(new MongoDataKeys.Rewrap(2, 0));
        assertThat(kekOf(A)).isEqualTo(MongoDataKeys.idOf(newKey));
        assertThat(rotating.rewrapAll()).as("nothing left to do").isEqualTo(new MongoDataKeys.Rewrap(0, 0));

        // The old key dropped: every secret still opens (the event store's ciphertexts are unchanged).
        var after = new AesGcmSecretCipher(new MongoDataKeys(mongo, newKey));
        assertThat(after.decrypt(A, secretA)).isEqualTo("sip-Secret-A");
        assertThat(after.decrypt(B, secretB)).isEqualTo("sip-Secret-B");
        assertThat(after.decrypt("00:1a:e8:00:00:03", secretC)).isEqualTo("sip-Secret-C");
        // And the old key alone opens nothing any more.
        assertThatThrownBy(() -> new AesGcmSecretCipher(new MongoDataKeys(mongo, oldKey)).decrypt(A, secretA))
                .hasMessageContaining("does not have");
    }

    @Test
    void keysStoredBeforeKeyIdsOpenAndGetOne() throws Exception {
        // The earlier format: {_id, wrapped} only.
        byte[] dataKey = random();
        mongo.insert(new Document("_id", A).append("wrapped", Base64.getEncoder().encodeToString(wrapOldStyle(A, dataKey, oldKey))),
                MongoDataKeys.COLLECTION);
        var keys = new MongoDataKeys(mongo, newKey, List.of(oldKey));
        assertThat(keys.keyOf(A)).isEqualTo(dataKey);
        assertThat(keys.rewrapAll()).isEqualTo(new MongoDataKeys.Rewrap(1, 0));
        assertThat(kekOf(A)).isEqualTo(MongoDataKeys.idOf(newKey));
        assertThat(new MongoDataKeys(mongo, newKey).keyOf(A)).isEqualTo(dataKey);
        // A wrong previous key is refused clearly, without touching anything.
        mongo.insert(new Document("_id", B).append("wrapped", Base64.getEncoder().encodeToString(wrapOldStyle(B, dataKey, oldKey))),
                MongoDataKeys.COLLECTION);
        var wrong = new MongoDataKeys(mongo, newKey, List.of(random()));
        assertThatThrownBy(() -> wrong.keyOf(B)).hasMessageContaining("cannot be unwrapped by any known master key");
        assertThat(wrong.rewrapAll()).isEqualTo(new MongoDataKeys.Rewrap(0, 1));
        assertThat(mongo.findById(B, Document.class, MongoDataKeys.COLLECTION).getString("kek")).isNull();
        assertThatThrownBy(() -> new MongoDataKeys(mongo, newKey, List.of(new byte[5]))).hasMessageContaining("32 bytes");
    }

    private String kekOf(String deviceId) {
        return mongo.findById(deviceId, Document.class, MongoDataKeys.COLLECTION).getString("kek");
    }

    private String storedWrapped(String deviceId) {
        return mongo.findById(deviceId, Document.class, MongoDataKeys.COLLECTION).toJson();
    }

    private static byte[] wrapOldStyle(String deviceId, byte[] dataKey, byte[] kek) throws Exception {
        byte[] iv = random();
        iv = java.util.Arrays.copyOf(iv, 12);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(kek, "AES"), new GCMParameterSpec(128, iv));
        c.updateAAD(deviceId.getBytes(StandardCharsets.UTF_8));
        byte[] ct = c.doFinal(dataKey);
        return ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array();
    }

    private static byte[] random() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
