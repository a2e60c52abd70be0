package org.deskfleet.command.secret;

import org.deskfleet.command.secret.SecretCipher;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * AES-256-GCM with one data key per client from {@link DataKeys}; the device id is authenticated data, so a
 * ciphertext cannot be moved to another client. Format: {@code enc:v1:} + base64(iv || ciphertext+tag).
 */
public final class AesGcmSecretCipher implements SecretCipher {

    private static final int IV_BYTES = 12;
    private final DataKeys keys;
    private final SecureRandom random = new SecureRandom();

    public AesGcmSecretCipher(DataKeys keys) {
        this.keys = keys;
    }

    @Override
    public String encrypt(String deviceId, String clear) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.keyOf(deviceId), "AES"), new GCMParameterSpec(128, iv));
            c.updateAAD(deviceId.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(clear.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a secret", e);
        }
    }

    @Override
    public String decrypt(String deviceId, String ciphertext) {
        if (!SecretCipher.isCiphertext(ciphertext)) {
            throw new IllegalArgumentException("not a ciphertext of this product");
        }
        try {
            byte[] all = Base64.getDecoder().decode(ciphertext.substring(PREFIX.length()));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keys.keyOf(deviceId), "AES"),
                    new GCMParameterSpec(128, all, 0, IV_BYTES));
            c.updateAAD(deviceId.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("secret of " + deviceId + " cannot be decrypted (key shredded or wrong)", e);
        }
    }

    @Override
    public void shred(String deviceId) {
        keys.destroy(deviceId);
    }
}
