package org.deskfleet.api.security;

import org.deskfleet.kernel.account.Role;

import java.util.Set;

/** Who is calling: established once per request (or WebSocket connection) from a verified session token. */
public record SignedInAccount(String accountId, String userName, Set<Role> roles, String sessionId, boolean mustChangePassword) {

    /** The key under which it sits in the GraphQL context and the WebSocket session attributes. */
    public static final String KEY = "deskfleet.account";
}
