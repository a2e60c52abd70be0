package org.deskfleet.simulator;

import io.netty.handler.codec.http.cookie.ClientCookieDecoder;
import io.netty.handler.codec.http.cookie.Cookie;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP response as the phone saw it.
 *
 * @param status           HTTP status code
 * @param httpVersion      e.g. {@code HTTP/1.1}
 * @param headers          header names in lower case, values in arrival order
 * @param body             the body bytes (not copied on access: treat as read-only)
 * @param reusedConnection whether the request went over an already open connection
 * @param latency          from handing the request to Netty (after connect) to the full response
 */
public record WpiResponse(int status, String httpVersion, Map<String, List<String>> headers, byte[] body,
                          boolean reusedConnection, Duration latency) {

    public WpiResponse {
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** First value of a header (case-insensitive name). */
    public Optional<String> header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** All values of a header (case-insensitive name). */
    public List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** Cookies set by this response ({@code Set-Cookie}), leniently decoded; malformed ones are skipped. */
    public List<Cookie> setCookies() {
        List<Cookie> out = new ArrayList<>();
        for (String h : headers("set-cookie")) {
            Cookie c = ClientCookieDecoder.LAX.decode(h);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    /** Value of a cookie set by this response, e.g. {@code JSESSIONID}. */
    public Optional<String> setCookie(String name) {
        return setCookies().stream().filter(c -> c.name().equals(name)).map(Cookie::value).findFirst();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
