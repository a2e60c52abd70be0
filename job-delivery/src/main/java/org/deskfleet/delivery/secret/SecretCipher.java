package org.deskfleet.delivery.secret;

import org.deskfleet.kernel.secret.SecretValues;

/**
 * What delivery needs of the secret cipher: open a job's encrypted value just before it goes to the phone. A port
 * of this module; the command side's cipher (which also encrypts and shreds) implements it in the wiring.
 */
@FunctionalInterface
public interface SecretCipher {

    String PREFIX = SecretValues.CIPHERTEXT_PREFIX;

    String decrypt(String keyId, String ciphertext);

    static boolean isCiphertext(String value) {
        return SecretValues.isCiphertext(value);
    }
}
