package org.deskfleet.kernel;

/**
 * A {@link Refusal} as it travels back from a command handler (on this node or, through Axon Server, another):
 * exceptions lose their type on the way, their details do not.
 */
public record RefusalDetails(String message) {
}
