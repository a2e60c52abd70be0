package org.deskfleet.command.configuration;

import org.deskfleet.kernel.catalog.CatalogEntry;
import org.deskfleet.kernel.catalog.ParameterCatalog;
import org.deskfleet.kernel.catalog.ParameterType;
import org.deskfleet.kernel.catalog.Scope;
import org.deskfleet.kernel.configuration.ParameterRules;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.kernel.configuration.Violation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Client-scope rules straight from the catalog: the parameter exists for clients, is writable, and its
 * value fits its type and allowed values. Every entry is checked; all violations come back together.
 */
public final class CatalogParameterRules implements ParameterRules {

    private static final Pattern INT = Pattern.compile("[+-]?\\d{1,10}");
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*");

    private final ParameterCatalog catalog;

    public CatalogParameterRules(ParameterCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Checked checkClient(List<ParameterValue> changes, String softwareType, String deviceType) {
        return check(Scope.CLIENT, changes, softwareType);
    }

    @Override
    public Checked checkTemplate(List<ParameterValue> changes) {
        return check(Scope.TEMPLATE, changes, null);
    }

    @Override
    public Checked checkSystem(List<ParameterValue> changes) {
        return check(Scope.SYSTEM, changes, null);
    }

    private Checked check(Scope scope, List<ParameterValue> changes, String softwareType) {
        List<ParameterValue> normalised = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ParameterValue v : changes) {
            if (!seen.add(v.slot())) {
                violations.add(violation(v, "duplicate", "parameter " + v.slot() + " appears more than once"));
                continue;
            }
            Optional<CatalogEntry> entry = catalog.find(v.parameter(), scope);
            if (entry.isEmpty()) {
                boolean elsewhere = catalog.entries().stream().anyMatch(e -> e.key().equals(v.parameter()));
                violations.add(elsewhere
                        ? violation(v, "scope", "parameter " + v.parameter() + " cannot be set on a " + scope.name().toLowerCase(Locale.ROOT))
                        : violation(v, "unknown-parameter", "no parameter " + v.parameter() + " in the catalog"));
                continue;
            }
            CatalogEntry e = entry.get();
            if (e.readOnly() || e.type() == ParameterType.READONLY) {
                violations.add(violation(v, "read-only", "parameter " + v.parameter() + " is read-only"));
                continue;
            }
            String condition = e.condition() == null ? "" : e.condition().toLowerCase(Locale.ROOT);
            if (softwareType != null && condition.contains("sip only") && softwareType.toUpperCase(Locale.ROOT).contains("HFA")) {
                violations.add(violation(v, "condition", "parameter " + v.parameter() + " applies to SIP phones only"));
                continue;
            }
            if (softwareType != null && condition.contains("hfa only") && !softwareType.toUpperCase(Locale.ROOT).contains("HFA")) {
                violations.add(violation(v, "condition", "parameter " + v.parameter() + " applies to HFA phones only"));
                continue;
            }
            if (v.value() == null) {
                normalised.add(v);
                continue;
            }
            String value = v.value().strip();
            String problem = switch (e.type()) {
                case BOOL -> bool(e, value) != null ? null : "must be " + String.join(" or ", boolForms(e));
                case ENUM -> e.allowedValues().isEmpty() || e.allowedValues().contains(value) ? null
                        : "must be one of " + e.allowedValues();
                case INT -> INT.matcher(value).matches() ? null : "must be a whole number";
                case IP -> IPV4.matcher(value).matches() || HOST.matcher(value).matches() ? null
                        : "must be an IPv4 address or host name";
                case URL -> value.matches("(?i)(https?|ftp|ldaps?|sips?)://\\S+") ? null : "must be an absolute URL";
                case PASSWORD, STRING -> value.chars().anyMatch(ch -> ch < 0x20) ? "must not contain control characters"
                        : value.matches(".*[<>&].*") && e.type() == ParameterType.STRING
                        ? "must not contain <, > or & (phones do not decode them)"
                        : value.length() > 255 ? "is longer than 255 characters" : null;
                case READONLY -> "is read-only";
            };
            if (problem != null) {
                violations.add(new Violation(v.parameter(), v.index(), mask(e, value), e.type().name().toLowerCase(Locale.ROOT), "value '" + mask(e, value)
                        + "' of " + v.slot() + " " + problem));
                continue;
            }
            String canonical = e.type() == ParameterType.BOOL ? bool(e, value) : value;
            normalised.add(new ParameterValue(v.parameter(), v.index(), e.type() == ParameterType.PASSWORD ? v.value() : canonical));
        }
        return new Checked(normalised, violations);
    }

    @Override
    public boolean isSecret(String parameter) {
        return catalog.entries().stream().anyMatch(e -> e.key().equals(parameter) && e.type() == ParameterType.PASSWORD);
    }

    /** The catalog writes booleans as True|False or Yes|No; both spellings and true/false are taken. */
    private static String bool(CatalogEntry e, String value) {
        List<String> forms = boolForms(e);
        boolean yes = value.equalsIgnoreCase("true") || value.equalsIgnoreCase("yes") || value.equalsIgnoreCase("on");
        boolean no = value.equalsIgnoreCase("false") || value.equalsIgnoreCase("no") || value.equalsIgnoreCase("off");
        String positive = forms.stream().filter(f -> f.equalsIgnoreCase("true") || f.equalsIgnoreCase("yes")).findFirst().orElse("true");
        String negative = forms.stream().filter(f -> f.equalsIgnoreCase("false") || f.equalsIgnoreCase("no")).findFirst().orElse("false");
        return yes ? positive : no ? negative : null;
    }

    private static List<String> boolForms(CatalogEntry e) {
        return e.allowedValues().isEmpty() ? List.of("true", "false") : e.allowedValues();
    }

    private static Violation violation(ParameterValue v, String rule, String message) {
        return new Violation(v.parameter(), v.index(), v.value(), rule, message);
    }

    private static String mask(CatalogEntry e, String value) {
        return e.type() == ParameterType.PASSWORD ? "****" : value;
    }
}
