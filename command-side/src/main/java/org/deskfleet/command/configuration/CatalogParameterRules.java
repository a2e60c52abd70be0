package org.deskfleet.command.configuration;

import org.deskfleet.command.configuration.Applicability.Phone;
import org.deskfleet.command.configuration.ValueRule.Outcome;
import org.deskfleet.kernel.catalog.CatalogEntry;
import org.deskfleet.kernel.catalog.ParameterCatalog;
import org.deskfleet.kernel.catalog.ParameterType;
import org.deskfleet.kernel.catalog.Scope;
import org.deskfleet.command.configuration.ParameterRules;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.kernel.configuration.Violation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rules straight from the catalog, for one scope at a time: the parameter exists in the scope (some exist
 * in templates only), is writable, applies to the phone (software type, device family, firmware), and its
 * value fits the row ({@link ValueRules}). Every entry is checked; all violations come back together, each
 * naming the parameter, the value (masked for secrets) and the rule.
 *
 * <p>Rule names: {@code duplicate}, {@code unknown-parameter}, {@code scope}, {@code template-only},
 * {@code read-only}, {@code index}, {@code software-type}, {@code device-type}, {@code firmware}, {@code bool},
 * {@code enum}, {@code int}, {@code range}, {@code ip}, {@code ipv4}, {@code ipv6}, {@code url},
 * {@code text}, {@code length}, {@code digits}, {@code email}, {@code user-at-host}.
 */
public final class CatalogParameterRules implements ParameterRules {

    private final ParameterCatalog catalog;
    private final Map<String, ValueRule> rules = new ConcurrentHashMap<>();

    public CatalogParameterRules(ParameterCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Checked checkClient(List<ParameterValue> changes, String softwareType, String deviceType) {
        return check(Scope.CLIENT, changes, new Phone(softwareType, deviceType, null));
    }

    @Override
    public Checked checkClient(List<ParameterValue> changes, String softwareType, String deviceType, String softwareVersion) {
        return check(Scope.CLIENT, changes, new Phone(softwareType, deviceType, softwareVersion));
    }

    @Override
    public Checked checkTemplate(List<ParameterValue> changes) {
        return check(Scope.TEMPLATE, changes, Phone.UNKNOWN);
    }

    @Override
    public Checked checkUser(List<ParameterValue> changes) {
        return check(Scope.USER, changes, Phone.UNKNOWN);
    }

    @Override
    public Checked checkSystem(List<ParameterValue> changes) {
        return check(Scope.SYSTEM, changes, Phone.UNKNOWN);
    }

    private Checked check(Scope scope, List<ParameterValue> changes, Phone phone) {
        List<ParameterValue> normalised = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ParameterValue v : changes) {
            if (!seen.add(v.slot())) {
                violations.add(violation(v, v.value(), "duplicate", "parameter " + v.slot() + " appears more than once"));
                continue;
            }
            Optional<CatalogEntry> entry = catalog.find(v.parameter(), scope);
            if (entry.isEmpty()) {
                violations.add(notInScope(v, scope));
                continue;
            }
            CatalogEntry e = entry.get();
            boolean secret = e.type() == ParameterType.PASSWORD;
            String shown = secret && v.value() != null ? "****" : v.value();
            if (e.readOnly() || e.type() == ParameterType.READONLY) {
                violations.add(violation(v, shown, "read-only", "parameter " + v.parameter() + " is read-only"));
                continue;
            }
            String value = v.value() == null ? null : v.value().strip();
            Optional<Outcome.Rejected> inapplicable = Applicability.index(e, v.index())
                    .or(() -> Applicability.check(e, phone, value));
            if (inapplicable.isPresent()) {
                violations.add(violation(v, shown, inapplicable.get().rule(),
                        "parameter " + v.slot() + " " + inapplicable.get().problem()));
                continue;
            }
            if (value == null) {
                normalised.add(v);  // unsets the value: always allowed for writable parameters
                continue;
            }
            switch (rules.computeIfAbsent(e.key() + "@" + e.scope(), k -> ValueRules.of(e)).check(value)) {
                case Outcome.Accepted a -> normalised.add(new ParameterValue(v.parameter(), v.index(), secret ? v.value() : a.value()));
                case Outcome.Rejected r -> violations.add(violation(v, shown, r.rule(),
                        "value '" + shown + "' of " + v.slot() + " " + r.problem()));
            }
        }
        return new Checked(normalised, violations);
    }

    private Violation notInScope(ParameterValue v, Scope scope) {
        Map<Scope, CatalogEntry> scopes = catalog.scopesOf(v.parameter());
        String shown = isSecret(v.parameter()) && v.value() != null ? "****" : v.value();
        if (scopes.isEmpty()) {
            return violation(v, shown, "unknown-parameter", "no parameter " + v.parameter() + " in the catalog");
        }
        if (scope != Scope.TEMPLATE && scopes.keySet().equals(Set.of(Scope.TEMPLATE))) {
            return violation(v, shown, "template-only", "parameter " + v.parameter() + " can be set in templates only");
        }
        return violation(v, shown, "scope", "parameter " + v.parameter() + " cannot be set on a " + scope.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean isDeliverable(String parameter) {
        return catalog.deliverable(parameter);
    }

    @Override
    public List<String> itemsFor(String parameter) {
        return catalog.itemsFor(parameter);
    }

    @Override
    public boolean isSecret(String parameter) {
        return catalog.scopesOf(parameter).values().stream().anyMatch(e -> e.type() == ParameterType.PASSWORD);
    }

    private static Violation violation(ParameterValue v, String shownValue, String rule, String message) {
        return new Violation(v.parameter(), v.index(), shownValue, rule, message);
    }
}
