package org.deskfleet.command.configuration;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a value of one catalog parameter must look like, derived from the row by {@link ValueRules}. A check
 * gives the value in its canonical spelling or the rule broken and why.
 */
sealed interface ValueRule {

    /** Accepted (in canonical spelling) or rejected by a named rule. */
    sealed interface Outcome {
        record Accepted(String value) implements Outcome { }

        record Rejected(String rule, String problem) implements Outcome { }
    }

    Outcome check(String value);

    static Outcome ok(String value) {
        return new Outcome.Accepted(value);
    }

    static Outcome no(String rule, String problem) {
        return new Outcome.Rejected(rule, problem);
    }

    /** True/false in the catalog's own spelling (True|False, ON|OFF, Yes|No); any of them accepted. */
    record Bool(String yes, String no) implements ValueRule {
        public Outcome check(String v) {
            String s = v.toLowerCase(Locale.ROOT);
            return switch (s) {
                case "true", "yes", "on" -> ok(yes);
                case "false", "no", "off" -> ok(no);
                default -> ValueRule.no("bool", "must be " + yes + " or " + no);
            };
        }
    }

    /** One of the listed values (any case, stored as listed), or a whole number in a listed range such as 0..63. */
    record OneOf(List<String> values, List<Range> ranges) implements ValueRule {
        public Outcome check(String v) {
            for (String allowed : values) {
                if (allowed.equalsIgnoreCase(v)) {
                    return ok(allowed);
                }
            }
            for (Range r : ranges) {
                if (r.contains(v)) {
                    return ok(v.replaceFirst("^\\+", ""));
                }
            }
            return no("enum", "must be one of " + values + (ranges.isEmpty() ? "" : " or " + ranges));
        }
    }

    /** Closed range of whole numbers. */
    record Range(long min, long max) {
        private static final Pattern INT = Pattern.compile("[+-]?\\d{1,18}");

        boolean contains(String v) {
            if (!INT.matcher(v).matches()) {
                return false;
            }
            long n = Long.parseLong(v);
            return n >= min && n <= max;
        }

        @Override
        public String toString() {
            return min + ".." + max;
        }
    }

    /** A whole number, within {@code range}. */
    record Whole(Range range) implements ValueRule {
        public Outcome check(String v) {
            if (!Range.INT.matcher(v).matches()) {
                return no("int", "must be a whole number");
            }
            return range.contains(v) ? ok(Long.toString(Long.parseLong(v))) : no("range", "must be within " + range);
        }
    }

    /** Which addresses a field takes: the catalog says IPv4 or IPv6, with or without host names. */
    enum AddressKind {
        IPV4("ipv4", "an IPv4 address"), IPV6("ipv6", "an IPv6 address"), IP_LITERAL("ip", "an IP address"),
        IPV4_OR_HOST("ip", "an IPv4 address or host name"), IPV6_OR_HOST("ip", "an IPv6 address or host name"),
        IP_OR_HOST("ip", "an IP address or host name");

        final String rule;
        final String description;

        AddressKind(String rule, String description) {
            this.rule = rule;
            this.description = description;
        }

        boolean accepts(String v) {
            return switch (this) {
                case IPV4 -> Formats.ipv4(v);
                case IPV6 -> Formats.ipv6(v);
                case IP_LITERAL -> Formats.ipv4(v) || Formats.ipv6(v);
                case IPV4_OR_HOST -> Formats.ipv4(v) || Formats.hostName(v);
                case IPV6_OR_HOST -> Formats.ipv6(v) || Formats.hostName(v);
                case IP_OR_HOST -> Formats.ipv4(v) || Formats.ipv6(v) || Formats.hostName(v);
            };
        }
    }

    record Address(AddressKind kind) implements ValueRule {
        public Outcome check(String v) {
            return kind.accepts(v) ? ok(v) : no(kind.rule, "must be " + kind.description);
        }
    }

    /** An absolute URL of a scheme phones and servers use. */
    record Url(int maxLength) implements ValueRule {
        private static final Pattern URL = Pattern.compile("(?i)(https?|ftps?|ldaps?|sips?|tel)://[^\\s<>\"]+");

        public Outcome check(String v) {
            if (!URL.matcher(v).matches()) {
                return no("url", "must be an absolute URL (http, https, ftp, ldap, sip)");
            }
            return v.length() > maxLength ? no("length", "is longer than " + maxLength + " characters") : ok(v);
        }
    }

    enum TextForm { ANY, DIGITS, EMAIL, EMAILS, USER_AT_HOST }

    /**
     * Text, at most {@code maxLength} characters (at least {@code minLength}), of a form. Never control
     * characters; never {@code < > &} in text phones read (they do not decode entities), except in
     * secrets and certificates, which are not shown on phones.
     */
    record Text(int minLength, int maxLength, TextForm form, boolean markupAllowed) implements ValueRule {
        public Outcome check(String v) {
            if (v.chars().anyMatch(ch -> ch < 0x20 && ch != '\n' && ch != '\r' || ch == 0x7f)
                    || !markupAllowed && v.chars().anyMatch(ch -> ch == '\n' || ch == '\r')) {
                return no("text", "must not contain control characters");
            }
            if (!markupAllowed && v.matches("(?s).*[<>&].*")) {
                return no("text", "must not contain <, > or & (phones do not decode them)");
            }
            if (v.length() > maxLength) {
                return no("length", "is longer than " + maxLength + " characters");
            }
            if (v.length() < minLength) {
                return no("length", "is shorter than " + minLength + " characters");
            }
            return switch (form) {
                case ANY -> ok(v);
                case DIGITS -> v.chars().allMatch(ch -> ch >= '0' && ch <= '9') ? ok(v) : no("digits", "must be digits only");
                case EMAIL -> Formats.email(v) ? ok(v) : no("email", "must be an e-mail address");
                case EMAILS -> List.of(v.split("\\s*[,;]\\s*")).stream().allMatch(Formats::email) ? ok(v)
                        : no("email", "must be e-mail addresses separated by commas");
                case USER_AT_HOST -> v.indexOf('@') > 0 && v.indexOf('@') == v.lastIndexOf('@')
                        && Formats.hostName(v.substring(v.indexOf('@') + 1)) ? ok(v)
                        : no("user-at-host", "must be username@hostname");
            };
        }
    }

    /** Read-only parameters take no value. */
    record ReadOnly() implements ValueRule {
        public Outcome check(String v) {
            return no("read-only", "is read-only");
        }
    }
}
