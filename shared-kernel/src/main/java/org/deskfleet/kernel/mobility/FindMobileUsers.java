package org.deskfleet.kernel.mobility;

/**
 * Query: a page of mobile users. {@code e164} matches any part of the number; {@code status} LOGGED_ON or
 * LOGGED_OFF; {@code after} is the cursor of the previous page.
 */
public record FindMobileUsers(String e164, MobileUserView.Status status, Sort sort, int first, String after) {

    public enum Sort { E164_ASC, E164_DESC, LAST_LOGIN_DESC, LAST_LOGIN_ASC }
}
