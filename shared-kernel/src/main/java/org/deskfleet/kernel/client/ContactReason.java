package org.deskfleet.kernel.client;

/** Why a phone opened an interaction; recorded with what it reported. */
public enum ContactReason {
    START_UP, LOCAL_CHANGES, INVENTORY_CHANGES, SOLICITED, STATUS, READ_ALL_ITEMS, READ_ITEMS
}
