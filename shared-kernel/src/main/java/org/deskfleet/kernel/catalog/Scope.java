package org.deskfleet.kernel.catalog;

/** Where a parameter can be set (manual chapter 7 and 13). */
public enum Scope {
    CLIENT, USER, TEMPLATE, SYSTEM
}
