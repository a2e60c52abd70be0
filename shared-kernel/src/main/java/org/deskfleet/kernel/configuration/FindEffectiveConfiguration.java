package org.deskfleet.kernel.configuration;

/**
 * Query: the value that applies to each client-scope parameter of a client, and which layer set it.
 * {@code sectionPrefix} narrows to keys starting with it; {@code onlySet} leaves out plain catalog defaults.
 */
public record FindEffectiveConfiguration(String deviceId, String sectionPrefix, boolean onlySet) {
}
