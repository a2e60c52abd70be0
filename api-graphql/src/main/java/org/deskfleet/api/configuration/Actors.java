package org.deskfleet.api.configuration;

/**
 * Who is making a change, for the audit trail: the signed-in account's user name, which the security
 * interceptor puts into every GraphQL request's context as {@code actor} (no caller-written header any more).
 * Every field that changes something needs a signed-in account (AccessRules), so {@link #DEFAULT} is never
 * recorded through the API; it names the server itself should a change ever come without one.
 */
public final class Actors {

    public static final String DEFAULT = "deskfleet";

    private Actors() {
    }
}
