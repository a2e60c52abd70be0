package org.deskfleet.kernel.mobility;

/** Query: the mobile user logged on at a phone; empty when none is. */
public record FindMobileUserAtDevice(String deviceId) {
}
