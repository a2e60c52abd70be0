package org.deskfleet.wpi.server.tls;

import org.bouncycastle.tls.CipherSuite;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** IANA cipher suite names and their wire codes, as BouncyCastle's TLS names them (the same names as the JDK's). */
final class CipherSuites {

    private static final Map<String, Integer> CODES = load();

    private CipherSuites() {
    }

    /** The suite's code, or -1 when the name is unknown. */
    static int code(String name) {
        return CODES.getOrDefault(name, -1);
    }

    private static Map<String, Integer> load() {
        Map<String, Integer> codes = new HashMap<>();
        for (Field f : CipherSuite.class.getFields()) {
            if (f.getType() == int.class && Modifier.isStatic(f.getModifiers()) && f.getName().startsWith("TLS_")) {
                try {
                    codes.put(f.getName(), f.getInt(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Collections.unmodifiableMap(codes);
    }
}
