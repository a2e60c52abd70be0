package org.deskfleet.kernel;

import java.util.Optional;
import java.util.regex.Pattern;

/** A call number in E.164 form: 1 to 15 digits, stored without '+' or separators. */
public record E164(String value) {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,15}");

    public E164 {
        if (value == null || !DIGITS.matcher(value).matches()) {
            throw new InvalidInput("E.164 number must be 1 to 15 digits, got: " + value);
        }
    }

    /** Strips '+', blanks, dashes and brackets that people and some phones add. */
    public static E164 parse(String raw) {
        if (raw == null) {
            throw new InvalidInput("E.164 number is missing");
        }
        return new E164(raw.strip().replaceAll("[+\\s\\-()/.]", ""));
    }

    /** Empty when the phone has no number yet (a fresh phone reports an empty e164) or it is not E.164. */
    public static Optional<E164> tryParse(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(raw));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
