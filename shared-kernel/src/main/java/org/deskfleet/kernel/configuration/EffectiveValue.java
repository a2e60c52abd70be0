package org.deskfleet.kernel.configuration;

import java.time.Instant;
import java.util.List;

/**
 * The value that applies to one parameter of a client and where it comes from. Layers, lowest first:
 * catalog default, applicable templates by ranking, group template (to come), the client's own value,
 * a logged-on mobile user (to come). Secret values are never shown, neither desired nor reported.
 *
 * @param deliverable   whether some WPI item carries the parameter to phones ({@code wpiItems})
 * @param reportedValue what the phone last reported for the parameter's item (null for secrets)
 * @param drift         how the reported value stands to the desired one
 */
public record EffectiveValue(String parameter, Integer index, String label, String value, boolean secret, Layer layer,
                             String origin, String actor, Instant changedAt, boolean deliverable, List<String> wpiItems,
                             String reportedValue, Drift drift) {

    public enum Layer { DEFAULT, TEMPLATE, GROUP, CLIENT, MOBILE_USER }

    /**
     * {@code IN_SYNC}: the phone reports the desired value; {@code DRIFTED}: it reports another;
     * {@code NOT_REPORTED}: it has not reported the item; {@code NOT_DELIVERABLE}: no WPI item carries the
     * parameter; {@code NOT_SET}: only the catalog default applies, nothing was asked of the phone;
     * {@code UNKNOWN}: cannot be told: a template secret (not comparable per phone without revealing it),
     * or a phone value coded in a way the protocol files give no table for.
     */
    public enum Drift { IN_SYNC, DRIFTED, NOT_REPORTED, NOT_DELIVERABLE, NOT_SET, UNKNOWN }

    public EffectiveValue {
        wpiItems = wpiItems == null ? List.of() : List.copyOf(wpiItems);
    }

    public EffectiveValue(String parameter, Integer index, String label, String value, boolean secret, Layer layer,
                          String origin, String actor, Instant changedAt) {
        this(parameter, index, label, value, secret, layer, origin, actor, changedAt, false, List.of(), null, Drift.NOT_DELIVERABLE);
    }

    public boolean drifted() {
        return drift == Drift.DRIFTED;
    }
}
