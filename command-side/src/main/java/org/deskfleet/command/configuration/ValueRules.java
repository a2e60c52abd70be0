package org.deskfleet.command.configuration;

import org.deskfleet.command.configuration.ValueRule.AddressKind;
import org.deskfleet.command.configuration.ValueRule.Range;
import org.deskfleet.command.configuration.ValueRule.TextForm;
import org.deskfleet.kernel.catalog.CatalogEntry;
import org.deskfleet.kernel.catalog.ParameterType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives a parameter's {@link ValueRule} from its catalog row: type, the allowed-values column (lists,
 * ranges such as {@code 0..3600 (seconds)}, {@code max 64 characters}, {@code digits}) and the condition
 * column (IPv4 / IPv6 / host name). Where the manual states nothing, only the type's form applies.
 */
final class ValueRules {

    static final int TEXT_MAX = 255;
    static final int URL_MAX = 1024;
    /** PEM certificates with their chain. */
    static final int CERTIFICATE_MAX = 65_536;

    private static final Pattern RANGE = Pattern.compile("(-?\\d+)\\s*\\.\\.\\s*(-?\\d+)");
    private static final Pattern WHOLE_RANGE = Pattern.compile("-?\\d+\\.\\.-?\\d+");
    private static final Pattern MAX_CHARS = Pattern.compile("max\\.? (\\d+) characters");
    private static final Pattern PORT = Pattern.compile("(?i)\\bport\\b");

    private ValueRules() {
    }

    static ValueRule of(CatalogEntry e) {
        if (e.readOnly() || e.type() == ParameterType.READONLY) {
            return new ValueRule.ReadOnly();
        }
        String allowed = String.join("|", e.allowedValues()).toLowerCase(Locale.ROOT);
        String condition = e.condition() == null ? "" : e.condition().toLowerCase(Locale.ROOT);
        return switch (e.type()) {
            case BOOL -> bool(e.allowedValues());
            case ENUM -> e.allowedValues().isEmpty() ? new ValueRule.Text(0, TEXT_MAX, TextForm.ANY, false) : oneOf(e.allowedValues());
            case INT -> new ValueRule.Whole(intRange(e.label(), allowed + " " + condition));
            case IP -> new ValueRule.Address(addressKind(e.label(), condition));
            case URL -> new ValueRule.Url(URL_MAX);
            case STRING -> text(allowed, false);
            case PASSWORD -> text(allowed, true);
            case READONLY -> new ValueRule.ReadOnly();
        };
    }

    private static ValueRule bool(List<String> forms) {
        String yes = forms.stream().filter(f -> f.equalsIgnoreCase("true") || f.equalsIgnoreCase("yes") || f.equalsIgnoreCase("on"))
                .findFirst().orElse("true");
        String no = forms.stream().filter(f -> f.equalsIgnoreCase("false") || f.equalsIgnoreCase("no") || f.equalsIgnoreCase("off"))
                .findFirst().orElse("false");
        return new ValueRule.Bool(yes, no);
    }

    private static ValueRule oneOf(List<String> allowed) {
        List<String> values = new ArrayList<>();
        List<Range> ranges = new ArrayList<>();
        for (String a : allowed) {
            Matcher m = RANGE.matcher(a);
            if (WHOLE_RANGE.matcher(a).matches() && m.matches()) {
                ranges.add(range(m));
            } else {
                values.add(a);
            }
        }
        return new ValueRule.OneOf(values, ranges);
    }

    /** A stated range wins; ports are 0..65535; durations, counts and digits are not negative. */
    static Range intRange(String label, String text) {
        Matcher m = RANGE.matcher(text);
        if (m.find()) {
            return range(m);
        }
        if (PORT.matcher(label).find()) {
            return new Range(0, 65_535);
        }
        if (text.contains("unit:") || text.contains("digits") || text.contains("value in seconds")) {
            return new Range(0, Integer.MAX_VALUE);
        }
        return new Range(Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** From a matcher that has just matched {@link #RANGE}. */
    private static Range range(Matcher m) {
        long a = Long.parseLong(m.group(1));
        long b = Long.parseLong(m.group(2));
        return new Range(Math.min(a, b), Math.max(a, b));
    }

    static AddressKind addressKind(String label, String condition) {
        String l = label.toLowerCase(Locale.ROOT);
        boolean host = condition.contains("host name") || condition.contains("dns name");
        if (l.contains("subnet mask")) {
            return AddressKind.IPV4;
        }
        if (l.startsWith("ipv4") || condition.contains("ipv4 address")) {
            return host ? AddressKind.IPV4_OR_HOST : AddressKind.IPV4;
        }
        if (l.startsWith("ipv6") || condition.contains("ipv6 address")) {
            return host ? AddressKind.IPV6_OR_HOST : AddressKind.IPV6;
        }
        if (l.equals("ip address") || l.equals("ip default route")) {
            return AddressKind.IP_LITERAL;
        }
        return AddressKind.IP_OR_HOST;
    }

    private static ValueRule text(String allowed, boolean secret) {
        if (allowed.contains("certificate file")) {
            return new ValueRule.Text(0, CERTIFICATE_MAX, TextForm.ANY, true);
        }
        Matcher digits = Pattern.compile("(\\d+)\\.\\.(\\d+) digits").matcher(allowed);
        if (digits.find()) {
            return new ValueRule.Text(Integer.parseInt(digits.group(1)), Integer.parseInt(digits.group(2)), TextForm.DIGITS, secret);
        }
        Matcher max = MAX_CHARS.matcher(allowed);
        int maxLength = max.find() ? Integer.parseInt(max.group(1)) : TEXT_MAX;
        TextForm form = allowed.equals("digits") ? TextForm.DIGITS
                : allowed.contains("email addresses") ? TextForm.EMAILS
                : allowed.contains("email address") ? TextForm.EMAIL
                : allowed.contains("username@hostname") ? TextForm.USER_AT_HOST
                : TextForm.ANY;
        return new ValueRule.Text(0, maxLength, form, secret);
    }
}
