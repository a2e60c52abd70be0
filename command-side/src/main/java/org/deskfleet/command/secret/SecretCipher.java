package org.deskfleet.command.secret;

/**
 * Encrypts secret parameter values with a per-client data key held outside the event store, so deleting
 * the key shreds every secret of that client while its history stays readable otherwise.
 */
public interface SecretCipher {

    String PREFIX = org.deskfleet.kernel.secret.SecretValues.CIPHERTEXT_PREFIX;

    String encrypt(String deviceId, String clear);

    String decrypt(String deviceId, String ciphertext);

    /** Forgets the client's data key: its secrets become unreadable for good. */
    void shred(String deviceId);

    static boolean isCiphertext(String value) {
        return org.deskfleet.kernel.secret.SecretValues.isCiphertext(value);
    }
}
