package org.deskfleet.command.secret;

/**
 * Turns a secret value into something safe to store: equal inputs give equal output (so a change is still
 * detectable), and nothing in the output reveals the value without a key kept outside the event store.
 */
public interface SecretSealer {

    String PREFIX = org.deskfleet.kernel.secret.SecretValues.SEALED_PREFIX;

    String seal(String deviceId, String itemName, String clearValue);

    static boolean isSealed(String value) {
        return org.deskfleet.kernel.secret.SecretValues.isSealed(value);
    }
}
