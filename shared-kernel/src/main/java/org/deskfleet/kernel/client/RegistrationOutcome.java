package org.deskfleet.kernel.client;

/**
 * What the WPI adapter needs to answer a phone's first message.
 *
 * @param newClient     the phone was not known before
 * @param needsFullRead its complete item set should be read (new, changed, or never fully read)
 * @param refusal       why the phone is not served on this channel (a Secure Mode phone on the default
 *                      port); null when it is
 */
public record RegistrationOutcome(boolean newClient, boolean needsFullRead, String refusal) {

    public RegistrationOutcome(boolean newClient, boolean needsFullRead) {
        this(newClient, needsFullRead, null);
    }

    public static RegistrationOutcome refused(String why) {
        return new RegistrationOutcome(false, false, why);
    }

    /** Why a quarantined phone gets nothing: the phone sees it as its clean-up reason. */
    public static final String QUARANTINED = "device is quarantined until an operator approves it";

    /** A quarantined phone is served nothing: its interaction ends at once. */
    public static RegistrationOutcome quarantined(boolean newClient) {
        return new RegistrationOutcome(newClient, false, QUARANTINED);
    }
}
