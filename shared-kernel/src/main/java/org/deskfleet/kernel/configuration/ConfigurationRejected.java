package org.deskfleet.kernel.configuration;

import java.util.List;

/** The details of a rejected change request, carried by the command bus's exception to the API. */
public record ConfigurationRejected(List<Violation> violations) {
}
