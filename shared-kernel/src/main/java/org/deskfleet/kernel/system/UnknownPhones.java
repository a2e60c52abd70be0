package org.deskfleet.kernel.system;

/**
 * What the server does with a phone it has never seen (a MAC it does not know) when it first calls in.
 * The MAC is self-reported, so anyone on the phone network can claim a new one.
 */
public enum UnknownPhones {
    /** Registered on first contact and managed at once, as OSEM does (the default). */
    REGISTER,
    /** Recorded and shown, but given nothing and left out of every selection until an operator approves it. */
    QUARANTINE
}
