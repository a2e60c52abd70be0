package org.deskfleet.kernel.account;

/** What an authenticator app needs, answered once when enrolment starts: never stored in clear. */
public record MfaSetup(String secretBase32, String algorithm, int digits, int periodSeconds, String otpauthUri) {

    @Override
    public String toString() {
        return "MfaSetup[algorithm=" + algorithm + ", secret=***]";
    }
}
