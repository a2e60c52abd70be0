package org.deskfleet.api.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * The sign-in page in front of GraphiQL: a browser cannot send a bearer header when it loads a page, so a
 * successful sign-in here sets the session token as an HttpOnly, SameSite=Strict cookie for this server
 * only, and GraphiQL's requests carry it. Self-contained (no scripts, no CDN).
 */
@RestController
public class SignInPage {

    private final SignInService signIns;

    public SignInPage(SignInService signIns) {
        this.signIns = signIns;
    }

    @GetMapping(value = "/signin", produces = MediaType.TEXT_HTML_VALUE)
    public String page() {
        return form(null);
    }

    @PostMapping(value = "/signin", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE, produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> signIn(@RequestParam("user") String user, @RequestParam("password") String password,
                                         @RequestParam(value = "code", required = false) String code,
                                         @RequestHeader(value = "User-Agent", required = false) String userAgent,
                                         HttpServletRequest request) {
        try {
            SignInService.Result r = signIns.signIn(user, password, code == null || code.isBlank() ? null : code, false, userAgent);
            if (r.mfaRequired()) {
                return ResponseEntity.status(401).body(form("Enter the 6-digit code of your authenticator app."));
            }
            ResponseCookie cookie = ResponseCookie.from(BearerTokenFilter.COOKIE, r.tokens().sessionToken()).httpOnly(true)
                    .secure(request.isSecure()).sameSite("Strict").path("/")
                    .maxAge(Duration.between(Instant.now(), r.tokens().tokenExpiresAt())).build();
            return ResponseEntity.status(303).header(HttpHeaders.SET_COOKIE, cookie.toString())
                    .header(HttpHeaders.LOCATION, "/graphiql?path=/graphql").body("");
        } catch (SignInService.Refused e) {
            return ResponseEntity.status(401).body(form(e.getMessage()));
        }
    }

    private static String form(String message) {
        return """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>deskfleet: sign in</title>
                <style>body{font-family:sans-serif;max-width:22em;margin:4em auto}input{display:block;width:100%%;margin:.3em 0 1em}</style>
                </head><body><h1>deskfleet</h1>%s
                <form method="post" action="/signin">
                <label>User name<input name="user" autocomplete="username" required></label>
                <label>Password<input name="password" type="password" autocomplete="current-password" required></label>
                <label>Authentication code (when MFA is on)<input name="code" inputmode="numeric" autocomplete="one-time-code"></label>
                <button type="submit">Sign in</button></form>
                <p>A new account must change its password first: in GraphiQL, run
                <code>mutation { changePassword(oldPassword: "…", newPassword: "…") }</code>.</p></body></html>
                """.formatted(message == null ? "" : "<p><strong>" + HtmlUtils.htmlEscape(message) + "</strong></p>");
    }

    /** Browsers are sent to the sign-in page, programs get 401 with a Bearer challenge. */
    static final class RedirectOrUnauthorized implements AuthenticationEntryPoint {
        @Override
        public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
            String accept = request.getHeader("Accept");
            if ("GET".equals(request.getMethod()) && accept != null && accept.contains("text/html")) {
                response.sendRedirect("/signin");
                return;
            }
            response.setHeader("WWW-Authenticate", "Bearer");
            response.sendError(401, "sign in first");
        }
    }
}
