package org.deskfleet.kernel.mobility;

/** Query: one mobile user by number; empty when there is none (or it was deleted). */
public record FindMobileUser(String e164) {
}
