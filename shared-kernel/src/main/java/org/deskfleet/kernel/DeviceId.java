package org.deskfleet.kernel;

/**
 * A phone's identity: its MAC address, normalised to lower-case colon form ({@code 00:1a:e8:3b:77:0c}).
 * Phones send upper case; operators paste every other form. One spelling keeps the aggregate id stable.
 */
public record DeviceId(String value) {

    public DeviceId {
        if (!canonical(value)) {
            throw new InvalidInput("device id must be a MAC address like 00:1a:e8:3b:77:0c, got: " + value);
        }
    }

    /** Accepts {@code 00:1A:E8:3B:77:0C}, {@code 00-1a-e8-3b-77-0c}, {@code 001ae83b770c} and {@code 001a.e83b.770c}. */
    public static DeviceId parse(String raw) {
        if (raw == null) {
            throw new InvalidInput("device id is missing");
        }
        String value = normalise(raw);
        if (value == null) {
            throw new InvalidInput("not a MAC address: '" + raw + "'");
        }
        return new DeviceId(value);
    }

    public static boolean isValid(String raw) {
        return raw != null && normalise(raw) != null;
    }

    /**
     * The canonical form, or null when {@code raw} is no MAC: blanks around it dropped, the separators
     * {@code : . -} anywhere ignored, exactly twelve hex digits. Without regular expressions: DCMP polls
     * parse an id each, tens of thousands a second.
     */
    private static String normalise(String raw) {
        String s = raw.strip();
        if (canonical(s)) {
            return s; // already in canonical form (a poll's usual case): nothing to build
        }
        char[] out = new char[17];
        int digits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ':' || c == '.' || c == '-') {
                continue;
            }
            if (c >= 'A' && c <= 'F') {
                c = (char) (c + ('a' - 'A'));
            } else if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return null;
            }
            if (digits == 12) {
                return null;
            }
            if (digits > 0 && digits % 2 == 0) {
                out[digits / 2 * 3 - 1] = ':';
            }
            out[digits / 2 * 3 + digits % 2] = c;
            digits++;
        }
        return digits == 12 ? new String(out) : null;
    }

    /** {@code hh:hh:hh:hh:hh:hh}, lower-case hex. */
    private static boolean canonical(String v) {
        if (v == null || v.length() != 17) {
            return false;
        }
        for (int i = 0; i < 17; i++) {
            char c = v.charAt(i);
            boolean ok = i % 3 == 2 ? c == ':' : (c >= '0' && c <= '9' || c >= 'a' && c <= 'f');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
