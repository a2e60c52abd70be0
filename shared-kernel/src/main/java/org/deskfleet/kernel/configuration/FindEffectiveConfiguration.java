package org.deskfleet.kernel.configuration;

/**
 * Query: the value that applies to each client-scope parameter of a client, and which layer set it.
 * {@code sectionPrefix} narrows to keys starting with it; {@code onlySet} leaves out plain catalog defaults;
 * {@code onlyDrifted} keeps the parameters whose reported value differs from the desired one.
 */
public record FindEffectiveConfiguration(String deviceId, String sectionPrefix, boolean onlySet, boolean onlyDrifted) {

    public FindEffectiveConfiguration(String deviceId, String sectionPrefix, boolean onlySet) {
        this(deviceId, sectionPrefix, onlySet, false);
    }
}
