package org.deskfleet.kernel.configuration;

import java.util.List;

/** A change request with at least one bad entry; lists every one. Nothing of the request is applied. */
public final class InvalidConfigurationException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidConfigurationException(List<Violation> violations) {
        super(violations.size() + " invalid entr" + (violations.size() == 1 ? "y" : "ies") + ": "
                + String.join("; ", violations.stream().map(Violation::message).toList()));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
