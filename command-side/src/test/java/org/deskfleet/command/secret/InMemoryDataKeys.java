package org.deskfleet.command.secret;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Data keys for fixture tests: all zero, forgotten on shred, so "shredded" can be checked. */
public final class InMemoryDataKeys implements DataKeys {

    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();

    /** A cipher over fresh in-memory keys. */
    public static AesGcmSecretCipher cipher() {
        return new AesGcmSecretCipher(new InMemoryDataKeys());
    }

    @Override
    public byte[] keyOf(String id) {
        return keys.computeIfAbsent(id, k -> new byte[32]);
    }

    @Override
    public void destroy(String id) {
        keys.remove(id);
    }
}
