package org.deskfleet.kernel.secret;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides which items hold secrets (passwords, PINs, keys) by name, so they are sealed before any event is
 * written. Errs on the side of secrecy: a false positive only hides a value, a false negative leaks one.
 */
public final class SecretItems {

    private static final Pattern SECRET_NAME = Pattern.compile(
            ".*(pwd|passw|password|secret|private-key|privatekey|psk|passphrase|-pin|pin-|^pin$|tan$|-key$|pkcs12).*");
    private static final Set<String> NOT_SECRET = Set.of(
            "passw-expiry-days", "pwd-retries", "admin-pwd-status", "user-pwd-status", "pin-retries");

    private SecretItems() {
    }

    public static boolean isSecret(String itemName) {
        String n = itemName.toLowerCase(Locale.ROOT);
        return !NOT_SECRET.contains(n) && SECRET_NAME.matcher(n).matches();
    }
}
