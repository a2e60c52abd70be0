package org.deskfleet.kernel.system;

/** Query: every system setting with its value (catalog default when never set) and recent history. */
public record FindSystemSettings() {
}
