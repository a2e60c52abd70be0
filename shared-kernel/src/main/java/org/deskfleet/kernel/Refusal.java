package org.deskfleet.kernel;

/**
 * A request refused for a reason its sender can act on ("no account kim", "job j-1 is already deleted"): the
 * API shows its message to the caller as it is. Any other failure is answered with a reference only and its
 * detail goes to the log, so that no internal state ("wrong master key?") reaches a client.
 */
public sealed interface Refusal permits InvalidInput, Conflict {
}
