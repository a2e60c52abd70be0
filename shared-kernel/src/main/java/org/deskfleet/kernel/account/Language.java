package org.deskfleet.kernel.account;

/** The display language of an account (OSEM: English or German). */
public enum Language {
    EN, DE
}
