package org.deskfleet.query.configuration;

import org.deskfleet.kernel.ItemKeys;
import org.deskfleet.kernel.catalog.CatalogEntry;
import org.deskfleet.kernel.catalog.ParameterType;
import org.deskfleet.kernel.catalog.WpiMapping;
import org.deskfleet.kernel.configuration.EffectiveValue.Drift;
import org.deskfleet.query.client.ClientDocument;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Desired against reported, per parameter, through the WPI mapping: the parameter's item (at the index its
 * mapping gives) as the phone last reported it, decoded to the catalog's values. Secrets are compared by
 * their sealed forms only.
 */
final class Drifts {

    private static final Pattern RANGE = Pattern.compile("(-?\\d+)\\.\\.(-?\\d+)");

    /** What the phone reports for the parameter (null for secrets and when not reported) and the verdict. */
    record Comparison(String reportedValue, Drift drift) {
    }

    /** What applies: the desired value (null for secrets), and for a secret its sealed form if known. */
    record Desired(boolean set, String value, boolean secret, String fingerprint) {
    }

    private Drifts() {
    }

    static Comparison compare(CatalogEntry entry, Integer index, Desired desired, Map<String, ClientDocument.Item> reported) {
        WpiMapping mapping = entry.wpi();
        if (!mapping.deliverable()) {
            return new Comparison(null, Drift.NOT_DELIVERABLE);
        }
        Integer itemIndex = mapping.itemIndex(index).orElse(null);
        ClientDocument.Item item = mapping.items().stream().map(name -> reported.get(ItemKeys.key(name, itemIndex)))
                .filter(Objects::nonNull).filter(Drifts::answered).findFirst().orElse(null);
        String shown = item == null || item.secret ? null : mapping.fromItemValue(item.value);
        if (!desired.set()) {
            return new Comparison(shown, Drift.NOT_SET);
        }
        if (item == null) {
            return new Comparison(null, Drift.NOT_REPORTED);
        }
        if (desired.secret()) {
            if (desired.fingerprint() == null) {
                return new Comparison(null, Drift.UNKNOWN);
            }
            return new Comparison(null, desired.fingerprint().equals(item.fingerprint) ? Drift.IN_SYNC : Drift.DRIFTED);
        }
        if (same(entry, desired.value(), shown)) {
            return new Comparison(shown, Drift.IN_SYNC);
        }
        // A coded value (the phone says 0, the catalog "Manual") whose code table the protocol files do not give.
        return new Comparison(shown, uncoded(entry, shown) ? Drift.UNKNOWN : Drift.DRIFTED);
    }

    private static boolean uncoded(CatalogEntry entry, String reported) {
        return entry.type() == ParameterType.ENUM && !entry.allowedValues().isEmpty() && reported != null
                && entry.allowedValues().stream().noneMatch(allowed -> allows(allowed, reported.strip()));
    }

    /** An allowed value, or a listed range such as {@code 0..63} holding the number. */
    private static boolean allows(String allowed, String value) {
        Matcher range = RANGE.matcher(allowed);
        if (range.matches() && value.matches("-?\\d{1,18}")) {
            long n = Long.parseLong(value);
            return n >= Long.parseLong(range.group(1)) && n <= Long.parseLong(range.group(2));
        }
        return allowed.equalsIgnoreCase(value);
    }

    /** An item the phone answered "unknown item" or "failed" for carries no value of its own. */
    private static boolean answered(ClientDocument.Item item) {
        String status = item.status == null ? "" : item.status.toLowerCase(Locale.ROOT);
        return !status.contains("unknown") && !status.contains("failed") && !status.contains("not implemented");
    }

    /** Equal as the parameter's type sees it: booleans and enums by any case, numbers by value. */
    static boolean same(CatalogEntry entry, String desired, String reported) {
        if (desired == null || reported == null) {
            return desired == null && reported == null;
        }
        String a = desired.strip();
        String b = reported.strip();
        return switch (entry.type()) {
            case BOOL, ENUM -> a.equalsIgnoreCase(b);
            case INT -> a.matches("[+-]?\\d{1,18}") && b.matches("[+-]?\\d{1,18}") ? Long.parseLong(a) == Long.parseLong(b) : a.equals(b);
            default -> a.equals(b);
        };
    }
}
