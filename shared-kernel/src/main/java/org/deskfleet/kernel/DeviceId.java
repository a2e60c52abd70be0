package org.deskfleet.kernel;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A phone's identity: its MAC address, normalised to lower-case colon form ({@code 00:1a:e8:3b:77:0c}).
 * Phones send upper case; operators paste every other form. One spelling keeps the aggregate id stable.
 */
public record DeviceId(String value) {

    private static final Pattern CANONICAL = Pattern.compile("([0-9a-f]{2}:){5}[0-9a-f]{2}");

    public DeviceId {
        if (value == null || !CANONICAL.matcher(value).matches()) {
            throw new IllegalArgumentException("device id must be a MAC address like 00:1a:e8:3b:77:0c, got: " + value);
        }
    }

    /** Accepts {@code 00:1A:E8:3B:77:0C}, {@code 00-1a-e8-3b-77-0c}, {@code 001ae83b770c} and {@code 001a.e83b.770c}. */
    public static DeviceId parse(String raw) {
        if (raw == null) {
            throw new IllegalArgumentException("device id is missing");
        }
        String hex = raw.strip().toLowerCase(Locale.ROOT).replaceAll("[:.\\-]", "");
        if (hex.length() != 12 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("not a MAC address: '" + raw + "'");
        }
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(hex, i, i + 2);
        }
        return new DeviceId(sb.toString());
    }

    public static boolean isValid(String raw) {
        try {
            parse(raw);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
