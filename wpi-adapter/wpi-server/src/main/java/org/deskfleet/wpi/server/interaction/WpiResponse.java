package org.deskfleet.wpi.server.interaction;

import java.nio.charset.StandardCharsets;

/**
 * The answer to a phone's POST. {@code session} is the interaction to tie to the phone's cookie (null when
 * none is open any more); {@code newSession} says whether the cookie must be set.
 */
public record WpiResponse(int status, String contentType, byte[] body, String session, boolean newSession) {

    public static WpiResponse xml(byte[] body, String session, boolean newSession) {
        return new WpiResponse(200, "text/xml; charset=UTF-8", body, session, newSession);
    }

    public static WpiResponse error(int status, String text) {
        return new WpiResponse(status, "text/plain; charset=UTF-8", (text + "\n").getBytes(StandardCharsets.UTF_8),
                null, false);
    }
}
