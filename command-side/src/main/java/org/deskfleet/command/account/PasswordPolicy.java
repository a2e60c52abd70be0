package org.deskfleet.command.account;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * OSEM's account password rules (administrator guide 2.8.2), checked all at once so the caller learns every
 * broken rule in one answer. "Sequential" counts runs up and down (1234, dcba): both are as easy to guess.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 14;
    public static final int MAX_LENGTH = 20;
    private static final int MAX_RUN = 3;

    private PasswordPolicy() {
    }

    /** Every rule the password breaks, in words; empty when it is acceptable. */
    public static List<String> violations(String password, String userName) {
        List<String> broken = new ArrayList<>();
        if (password == null) {
            return List.of("a password is required");
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            broken.add("length must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters (it is " + length + ")");
        }
        if (password.codePoints().noneMatch(Character::isUpperCase)) {
            broken.add("needs at least one uppercase letter");
        }
        if (password.codePoints().noneMatch(Character::isLowerCase)) {
            broken.add("needs at least one lowercase letter");
        }
        if (password.codePoints().noneMatch(Character::isDigit)) {
            broken.add("needs at least one digit");
        }
        if (password.codePoints().allMatch(Character::isLetterOrDigit)) {
            broken.add("needs at least one special character");
        }
        int[] cps = password.codePoints().toArray();
        String identical = run(cps, 0);
        if (identical != null) {
            broken.add("no more than " + MAX_RUN + " identical characters in a row (found '" + identical + "')");
        }
        String up = run(cps, 1);
        String down = run(cps, -1);
        if (up != null || down != null) {
            broken.add("no more than " + MAX_RUN + " sequential characters in a row (found '" + (up != null ? up : down) + "')");
        }
        if (userName != null && !userName.isBlank()) {
            String lower = password.toLowerCase(Locale.ROOT);
            String name = userName.toLowerCase(Locale.ROOT);
            if (lower.contains(name) || lower.contains(new StringBuilder(name).reverse())) {
                broken.add("must not contain the user name or the user name reversed");
            }
        }
        return List.copyOf(broken);
    }

    /** The first run of MAX_RUN + 1 characters each {@code step} after the previous (case ignored), or null. */
    private static String run(int[] cps, int step) {
        int length = 1;
        for (int i = 1; i < cps.length; i++) {
            length = Character.toLowerCase(cps[i]) - Character.toLowerCase(cps[i - 1]) == step ? length + 1 : 1;
            if (length > MAX_RUN) {
                return new String(cps, i - MAX_RUN, MAX_RUN + 1);
            }
        }
        return null;
    }
}
