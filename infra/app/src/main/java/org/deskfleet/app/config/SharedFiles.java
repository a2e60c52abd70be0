package org.deskfleet.app.config;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Several nodes must present the same device CA, listener certificates and token-signing key: a phone
 * trusts the CA that issued its certificate, and a session signed on one node is checked on another. The
 * first node publishes the files it made (under {@code tls/} and the signing key under {@code keys/}) to the
 * shared MongoDB as one document, each file sealed with AES-GCM (the JDK's cipher) under a key derived from
 * the master key (which every node has from the environment, and which is not itself stored); a node that
 * starts later writes them to its data directory before anything reads them. The master and sealing keys
 * are never published.
 */
public final class SharedFiles {

    static final String COLLECTION = "node_shared_files";
    private static final String ID = "keys-and-certificates";
    private static final Logger log = LoggerFactory.getLogger(SharedFiles.class);
    private static final int IV_BYTES = 12;

    private final String mongoUri;
    private final String database;
    private final Path data;
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private SharedFiles(String mongoUri, String database, Path data, byte[] key) {
        this.mongoUri = mongoUri;
        this.database = database;
        this.data = data;
        this.key = key == null ? null : new SecretKeySpec(key, "AES");
    }

    /** One node: its files are its own. */
    static SharedFiles none(Path data) {
        return new SharedFiles(null, null, data, null);
    }

    /**
     * Several nodes: takes what another node published, before anything reads its files. A client of its own
     * (the application's MongoDB client may itself need the TLS bundles these files make).
     */
    static SharedFiles shared(String mongoUri, String database, Path data, byte[] key) {
        SharedFiles files = new SharedFiles(mongoUri, database, data, key);
        try (com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create(mongoUri)) {
            files.take(client.getDatabase(database).getCollection(COLLECTION));
        }
        return files;
    }

    private void take(MongoCollection<Document> store) {
        Document published = store.find(new Document("_id", ID)).first();
        if (published == null) {
            return;
        }
        Document files = published.get("files", Document.class);
        for (String name : files.keySet()) {
            byte[] content = open(name, files.get(name, Binary.class).getData());
            write(data.resolve(name), content);
        }
        log.info("took the shared device CA, certificates and signing key ({} files) published by node {}",
                files.size(), published.getString("node"));
    }

    /** Publishes this node's files if no node did yet (once the node is up and has made them all). */
    void publish(String node) {
        if (mongoUri == null) {
            return;
        }
        try (com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create(mongoUri)) {
            publish(node, client.getDatabase(database).getCollection(COLLECTION));
        }
    }

    private void publish(String node, MongoCollection<Document> store) {
        Map<String, byte[]> mine = local();
        Document files = new Document();
        mine.forEach((name, content) -> files.append(name, new Binary(seal(name, content))));
        try {
            store.insertOne(new Document("_id", ID).append("node", node).append("files", files));
            log.info("published this node's device CA, certificates and signing key ({} files) for the other nodes", mine.size());
        } catch (MongoException e) {
            Document published = store.find(new Document("_id", ID)).first();
            if (published == null) {
                throw e;
            }
            Document theirs = published.get("files", Document.class);
            boolean same = theirs.keySet().equals(mine.keySet()) && mine.entrySet().stream()
                    .allMatch(f -> Arrays.equals(f.getValue(), open(f.getKey(), theirs.get(f.getKey(), Binary.class).getData())));
            if (!same) {
                take(store);
                log.warn("node {} started together with node {} and made keys of its own; it took the shared ones and "
                        + "must be restarted to use them (start the first node alone)", node, published.getString("node"));
            }
        }
    }

    /** tls/* and keys/jwt-*: never the master or sealing key. */
    private Map<String, byte[]> local() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String dir : new String[]{"tls", "keys"}) {
            Path d = data.resolve(dir);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> files = Files.list(d)) {
                for (Path f : files.sorted().toList()) {
                    String name = dir + "/" + f.getFileName();
                    boolean wanted = dir.equals("tls") ? Files.isRegularFile(f) : f.getFileName().toString().startsWith("jwt-");
                    if (wanted) {
                        out.put(name, Files.readAllBytes(f));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + d, e);
            }
        }
        return out;
    }

    /** Owner-only from the first byte, in an owner-only folder (keys are among these files), replaced atomically. */
    private static void write(Path file, byte[] content) {
        try {
            org.deskfleet.wpi.server.tls.PrivateFiles.folder(file.toAbsolutePath().getParent());
            if (Files.exists(file) && Arrays.equals(Files.readAllBytes(file), content)) {
                return;
            }
            Path tmp;
            try {
                tmp = Files.createTempFile(file.getParent(), ".shared", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                tmp = Files.createTempFile(file.getParent(), ".shared", ".tmp");
            }
            Files.write(tmp, content);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private byte[] seal(String name, byte[] content) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(content);
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal " + name, e);
        }
    }

    private byte[] open(String name, byte[] all) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, IV_BYTES));
            cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the shared " + name + " does not open with this node's DESKFLEET_MASTER_KEY "
                    + "(every node needs the same one)", e);
        }
    }
}
