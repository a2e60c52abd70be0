package org.deskfleet.kernel.system;

/** Query: the unknown-phones setting now, answered with an {@link UnknownPhonesView}. */
public record FindUnknownPhones() {
}
