package org.deskfleet.command.configuration;

import java.util.regex.Pattern;

/** Address and name formats, strict enough that a phone would not choke on what passes. */
final class Formats {

    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]{1,4}");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+'-]{1,64}@[^@\\s]+");

    private Formats() {
    }

    static boolean ipv4(String s) {
        return IPV4.matcher(s).matches();
    }

    /** RFC 1123 host name: labels of letters, digits and inner hyphens; the last label not all digits. */
    static boolean hostName(String s) {
        if (s.isEmpty() || s.length() > 253) {
            return false;
        }
        String[] labels = (s.endsWith(".") ? s.substring(0, s.length() - 1) : s).split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }

    /** IPv6 in full or compressed form, optionally with an IPv4 tail. */
    static boolean ipv6(String s) {
        if (s.isEmpty() || s.chars().filter(ch -> ch == ':').count() < 2) {
            return false;
        }
        int compressed = s.indexOf("::");
        if (compressed >= 0 && s.indexOf("::", compressed + 1) >= 0) {
            return false;
        }
        String[] groups = s.split(":", -1);
        int count = 0;
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            if (g.isEmpty()) {
                continue;
            }
            if (i == groups.length - 1 && g.contains(".")) {
                if (!ipv4(g)) {
                    return false;
                }
                count += 2;
            } else if (HEX.matcher(g).matches()) {
                count++;
            } else {
                return false;
            }
        }
        if ((s.startsWith(":") && !s.startsWith("::")) || (s.endsWith(":") && !s.endsWith("::"))) {
            return false;
        }
        return compressed >= 0 ? count < 8 : count == 8;
    }

    static boolean email(String s) {
        if (!EMAIL.matcher(s).matches()) {
            return false;
        }
        String domain = s.substring(s.indexOf('@') + 1);
        return hostName(domain) && domain.contains(".");
    }
}
