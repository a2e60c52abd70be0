package org.deskfleet.api.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Reads the session token of an HTTP request ({@code Authorization: Bearer}, or the {@code deskfleet_session}
 * cookie the sign-in page sets for GraphiQL) and verifies it. A token that is present but not valid is answered
 * 401 at once with the reason; no token leaves the request anonymous, and the access rules decide per field.
 * Until the account directory is current after a start, every request but the probes is answered 503.
 */
public class BearerTokenFilter extends OncePerRequestFilter {

    public static final String COOKIE = "deskfleet_session";
    private final Authenticator authenticator;

    public BearerTokenFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!authenticator.ready() && !request.getRequestURI().startsWith("/actuator/")) {
            // Accounts and sessions as they were long ago would sign in and authorise what has since been revoked.
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setHeader("Retry-After", "5");
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":\"starting\",\"message\":\"the server is starting: accounts are being loaded, try again in a few seconds\"}");
            return;
        }
        String token = Authenticator.bearer(request.getHeader("Authorization"));
        if (token == null && request.getCookies() != null) {
            for (Cookie c : request.getCookies()) {
                if (COOKIE.equals(c.getName()) && !c.getValue().isBlank()) {
                    token = c.getValue();
                }
            }
        }
        if (token != null) {
            try {
                SignedInAccount who = authenticator.authenticate(token);
                request.setAttribute(SignedInAccount.KEY, who);
                var auth = new UsernamePasswordAuthenticationToken(who.userName(), null,
                        who.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r.name())).toList());
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(auth);
                SecurityContextHolder.setContext(context);
            } catch (TokenService.InvalidToken e) {
                response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"" + e.getMessage().replace('"', '\'') + "\"");
                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                response.setContentType("application/json");
                response.getWriter().write("{\"error\":\"invalid_token\",\"message\":\"" + e.getMessage().replace("\"", "'") + "\"}");
                return;
            }
        }
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
