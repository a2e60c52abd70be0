package org.deskfleet.kernel.configuration;

import org.deskfleet.kernel.InvalidInput;

/** A value for one parameter (catalog key), with an index for multi-instance parameters. */
public record ParameterValue(String parameter, Integer index, String value) {

    public ParameterValue {
        if (parameter == null || parameter.isBlank()) {
            throw new InvalidInput("parameter key is required");
        }
    }

    public String slot() {
        return org.deskfleet.kernel.ItemKeys.key(parameter, index);
    }
}
