package org.deskfleet.kernel.configuration;

/**
 * One parameter's change: old and new value ({@code null} = not set). Secret values are ciphertext under
 * the client's own data key (kept outside the event store), never clear text.
 */
public record ParameterChange(String parameter, Integer index, String oldValue, String newValue, boolean secret) {

    public String slot() {
        return index == null ? parameter : parameter + "#" + index;
    }
}
