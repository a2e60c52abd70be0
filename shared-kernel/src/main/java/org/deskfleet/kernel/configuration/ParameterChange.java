package org.deskfleet.kernel.configuration;

/**
 * One parameter's change: old and new value ({@code null} = not set). Secret values are ciphertext under
 * the client's own data key (kept outside the event store), never clear text; {@code fingerprint} is then
 * the sealed form a phone's report of the new value would have, so drift shows without the value.
 */
public record ParameterChange(String parameter, Integer index, String oldValue, String newValue, boolean secret,
                              String fingerprint) {

    public ParameterChange(String parameter, Integer index, String oldValue, String newValue, boolean secret) {
        this(parameter, index, oldValue, newValue, secret, null);
    }

    public ParameterChange withFingerprint(String sealed) {
        return new ParameterChange(parameter, index, oldValue, newValue, secret, sealed);
    }

    public String slot() {
        return org.deskfleet.kernel.ItemKeys.key(parameter, index);
    }
}
