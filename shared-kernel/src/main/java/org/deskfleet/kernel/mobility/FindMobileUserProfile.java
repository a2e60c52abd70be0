package org.deskfleet.kernel.mobility;

/**
 * Query: the user-data files of a user's profile, content included, for delivery to the phone the user
 * logs on at (never for display: GraphQL shows names and sizes only).
 */
public record FindMobileUserProfile(String e164) {
}
