package org.deskfleet.kernel.client;

/**
 * What the WPI adapter needs to answer a phone's first message.
 *
 * @param newClient     the phone was not known before
 * @param needsFullRead its complete item set should be read (new, changed, or never fully read)
 */
public record RegistrationOutcome(boolean newClient, boolean needsFullRead) {
}
