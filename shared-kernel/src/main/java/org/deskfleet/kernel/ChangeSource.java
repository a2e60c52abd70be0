package org.deskfleet.kernel;

/** Who or what caused a change: every parameter event names one. */
public enum ChangeSource {
    PHONE, ADMIN, TEMPLATE, GROUP, MOBILE_USER, REVERT, COPY, SYSTEM
}
