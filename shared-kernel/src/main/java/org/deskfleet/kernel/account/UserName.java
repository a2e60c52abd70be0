package org.deskfleet.kernel.account;

import org.deskfleet.kernel.InvalidInput;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An account's user name, compared without case; it names the Account aggregate ({@code account:<name>}), so
 * a name is taken once and sign-in finds its account without a read model.
 */
public record UserName(String value) {

    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");
    public static final String ID_PREFIX = "account:";

    public UserName {
        if (value == null || !VALID.matcher(value.strip().toLowerCase(Locale.ROOT)).matches()) {
            throw new InvalidInput("user name must be 1-64 characters of a-z, 0-9, '.', '_', '@', '-', starting with a letter or digit");
        }
        value = value.strip().toLowerCase(Locale.ROOT);
    }

    public String accountId() {
        return ID_PREFIX + value;
    }

    /** The user name of an account id. */
    public static String ofAccountId(String accountId) {
        return accountId.startsWith(ID_PREFIX) ? accountId.substring(ID_PREFIX.length()) : accountId;
    }

    @Override
    public String toString() {
        return value;
    }
}
