package org.deskfleet.kernel.configuration;

import java.time.Instant;

/**
 * The value that applies to one parameter of a client and where it comes from. Layers, lowest first:
 * catalog default, applicable templates by ranking, group template (to come), the client's own value,
 * a logged-on mobile user (to come). Secret values are never shown.
 */
public record EffectiveValue(String parameter, Integer index, String label, String value, boolean secret, Layer layer,
                             String origin, String actor, Instant changedAt) {

    public enum Layer { DEFAULT, TEMPLATE, GROUP, CLIENT, MOBILE_USER }
}
