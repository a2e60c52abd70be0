package org.deskfleet.command.secret;

import org.deskfleet.command.secret.SecretSealer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Seals secrets as an HMAC-SHA256 keyed with a key that lives outside the event store. A plain hash of a
 * six-digit PIN could be brute-forced from the store; the keyed one cannot without the key. Device id and
 * item name are mixed in, so equal PINs on two phones do not look equal.
 */
public final class HmacSecretSealer implements SecretSealer {

    private final byte[] key;

    public HmacSecretSealer(byte[] key) {
        if (key == null || key.length < 32) {
            throw new IllegalArgumentException("secret sealing key must have at least 32 bytes");
        }
        this.key = key.clone();
    }

    @Override
    public String seal(String deviceId, String itemName, String clearValue) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((deviceId + '\u0000' + itemName + '\u0000').getBytes(StandardCharsets.UTF_8));
            byte[] tag = mac.doFinal(clearValue.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
