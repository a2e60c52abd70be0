package org.deskfleet.command.configuration;

import org.deskfleet.command.configuration.ValueRule.Outcome.Rejected;
import org.deskfleet.kernel.catalog.CatalogEntry;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a parameter (or one of its values) applies to a phone, by what the catalog's condition column
 * states: software type (SIP / HFA), device families and firmware from a release on. What the phone has not
 * told us (unknown software type, device type or version) is not held against it.
 */
final class Applicability {

    /** What we know of the phone; any part may be null. */
    record Phone(String softwareType, String deviceType, String softwareVersion) {
        static final Phone UNKNOWN = new Phone(null, null, null);

        boolean sip() {
            return softwareType != null && upper(softwareType).contains("SIP");
        }

        boolean hfa() {
            return softwareType != null && upper(softwareType).contains("HFA");
        }
    }

    /** "CP200/CP400/CP600 V1R2 and higher only", "CP200/CP400/CP600 HFA phones V1R1 and higher only". */
    private static final Pattern FAMILY_RELEASE = Pattern.compile(
            "((?:cp\\d{3}/?)+)\\s+(?:(sip|hfa) phones\\s+)?v(\\d+)\\s*r(\\d+) and higher only");
    /** "value Disabled only for SIP V1R8 or later phones". */
    private static final Pattern VALUE_RELEASE = Pattern.compile("value (\\S+) only for (sip |hfa )?v(\\d+)\\s*r(\\d+) or later phones");
    /** "LLDP-MED value for OpenStage V1R5 onwards". */
    private static final Pattern VALUE_FAMILY_RELEASE = Pattern.compile("(\\S+) value for (openstage|cp\\d{3}) v(\\d+)\\s*r(\\d+) onwards");
    private static final Pattern VERSION = Pattern.compile("(?i)V\\s*(\\d+)\\s*R\\s*(\\d+)");

    private Applicability() {
    }

    static Optional<Rejected> check(CatalogEntry e, Phone phone, String value) {
        String c = e.condition() == null ? "" : e.condition().toLowerCase(Locale.ROOT);
        if ((c.contains("software type sip only") || c.contains("sip workpoints only")) && phone.hfa() && !phone.sip()) {
            return reject("software-type", "applies to SIP phones only");
        }
        if (c.contains("software type hfa only") && phone.sip() && !phone.hfa()) {
            return reject("software-type", "applies to HFA phones only");
        }
        if (c.contains("optpoint workpoints only") && phone.deviceType() != null
                && !lower(phone.deviceType()).matches(".*opti?point.*")) {
            return reject("device-type", "applies to optiPoint phones only, not " + phone.deviceType());
        }
        Matcher m = FAMILY_RELEASE.matcher(c);
        if (m.find()) {
            List<String> families = List.of(m.group(1).split("/"));
            if (phone.deviceType() != null && families.stream().noneMatch(f -> !f.isEmpty() && lower(phone.deviceType()).matches(".*\\b" + f + "\\b.*"))) {
                return reject("device-type", "applies to " + upper(String.join("/", families)) + " phones only, not " + phone.deviceType());
            }
            if ("hfa".equals(m.group(2)) && phone.sip() && !phone.hfa() || "sip".equals(m.group(2)) && phone.hfa() && !phone.sip()) {
                return reject("software-type", "applies to " + upper(m.group(2)) + " phones only");
            }
            Optional<Rejected> release = release(phone, m.group(3), m.group(4));
            if (release.isPresent()) {
                return release;
            }
        }
        if (value != null) {
            Matcher v = VALUE_RELEASE.matcher(c);
            if (v.find() && v.group(1).equalsIgnoreCase(value.strip())) {
                if (v.group(2) != null && v.group(2).strip().equals("sip") && phone.hfa() && !phone.sip()) {
                    return reject("software-type", "value " + value + " applies to SIP phones only");
                }
                Optional<Rejected> release = release(phone, v.group(3), v.group(4));
                if (release.isPresent()) {
                    return release;
                }
            }
            Matcher f = VALUE_FAMILY_RELEASE.matcher(c);
            if (f.find() && f.group(1).equalsIgnoreCase(value.strip())) {
                if (phone.deviceType() != null && !lower(phone.deviceType()).contains(f.group(2))) {
                    return reject("device-type", "value " + value + " applies to " + f.group(2) + " phones only, not " + phone.deviceType());
                }
                return release(phone, f.group(3), f.group(4));
            }
        }
        return Optional.empty();
    }

    private static final Pattern UP_TO = Pattern.compile("up to (\\d+)|instances \\((?:\\d+, )*(\\d+)\\)");

    /**
     * Only list parameters ("per door opener (up to 4)", "multi-valued list", indexed WPI items) take an
     * index: not negative, and within a stated count, counted from 1.
     */
    static Optional<Rejected> index(CatalogEntry e, Integer index) {
        if (index == null) {
            return Optional.empty();
        }
        String c = e.condition() == null ? "" : e.condition().toLowerCase(Locale.ROOT);
        boolean list = c.contains("per ") || c.contains("up to") || c.contains("multi-valued") || c.contains("instances")
                || e.wpi().index() instanceof org.deskfleet.kernel.catalog.WpiMapping.IndexRule.SameIndex;
        if (!list) {
            return reject("index", "is a single value and takes no index");
        }
        Matcher m = UP_TO.matcher(c);
        if (m.find()) {
            int max = Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
            return index >= 1 && index <= max ? Optional.empty() : reject("index", "takes an index from 1 to " + max);
        }
        return index >= 0 ? Optional.empty() : reject("index", "takes no negative index");
    }

    private static Optional<Rejected> release(Phone phone, String major, String minor) {
        if (phone.softwareVersion() == null) {
            return Optional.empty();
        }
        Matcher v = VERSION.matcher(phone.softwareVersion());
        if (!v.find()) {
            return Optional.empty();
        }
        int[] have = {Integer.parseInt(v.group(1)), Integer.parseInt(v.group(2))};
        int[] need = {Integer.parseInt(major), Integer.parseInt(minor)};
        boolean older = have[0] < need[0] || have[0] == need[0] && have[1] < need[1];
        return older ? reject("firmware", "needs firmware V" + major + " R" + minor + " or later, the phone runs " + phone.softwareVersion())
                : Optional.empty();
    }

    private static Optional<Rejected> reject(String rule, String problem) {
        return Optional.of(new Rejected(rule, problem));
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }
}
