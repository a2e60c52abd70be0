package org.deskfleet.api.security;

import org.deskfleet.kernel.Conflict;

import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlInterceptor;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.HashMap;
import java.util.Map;

/**
 * Puts the signed-in account into every GraphQL request's context (and its user name as the audit's
 * {@code actor}, so every command carries who gave it). Over HTTP the {@link BearerTokenFilter} has verified
 * the token already; over WebSocket the token comes in the {@code connection_init} payload
 * ({@code {"token": "..."}} or {@code {"Authorization": "Bearer ..."}}), or, for GraphiQL in a browser (whose
 * script cannot read the HttpOnly cookie), the sign-in page's cookie sent with the handshake; the Origin
 * allow-list has refused a foreign page's handshake before this. Without a valid token the connection is
 * refused, and the session is checked again for every operation, so an ended session stops there too.
 */
@Component
public class AuthenticationInterceptor implements WebSocketGraphQlInterceptor {

    private static final String TOKEN = "deskfleet.token";
    public static final String USER_AGENT = "deskfleet.userAgent";
    private final Authenticator authenticator;

    public AuthenticationInterceptor(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        SignedInAccount who = null;
        if (request instanceof WebSocketGraphQlRequest ws) {
            Object token = ws.getSessionInfo().getAttributes().get(TOKEN);
            if (token instanceof String t) {
                try {
                    who = authenticator.authenticate(t);
                } catch (TokenService.InvalidToken e) {
                    return Mono.error(new Conflict("not signed in: " + e.getMessage()));
                }
            }
        } else if (request.getAttributes().get(SignedInAccount.KEY) instanceof SignedInAccount a) {
            who = a;
        }
        Map<String, Object> context = new HashMap<>();
        String agent = request.getHeaders().getFirst("User-Agent");
        if (agent != null) {
            context.put(USER_AGENT, agent);
        }
        if (who != null) {
            context.put(SignedInAccount.KEY, who);
            context.put("actor", who.userName());
        }
        if (!context.isEmpty()) {
            request.configureExecutionInput((input, builder) -> builder.graphQLContext(context).build());
        }
        return chain.next(request);
    }

    /** The session cookie of the sign-in page among the handshake's Cookie headers, or null. */
    static String cookie(java.util.List<String> headers) {
        if (headers == null) {
            return null;
        }
        for (String header : headers) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equals(BearerTokenFilter.COOKIE)) {
                    String value = pair.substring(eq + 1).strip();
                    return value.isEmpty() ? null : value;
                }
            }
        }
        return null;
    }

    @Override
    public Mono<Object> handleConnectionInitialization(WebSocketSessionInfo info, Map<String, Object> payload) {
        Object raw = payload == null ? null : payload.get("token");
        String token = raw instanceof String s ? s : null;
        if (token == null && payload != null && payload.get("Authorization") instanceof String h) {
            token = Authenticator.bearer(h);
        }
        if (token == null) {
            token = cookie(info.getHeaders().get("Cookie"));
        }
        if (token == null) {
            return Mono.error(new Conflict("sign in first: connection_init needs {\"token\": \"<session token>\"}"));
        }
        try {
            authenticator.authenticate(token);
        } catch (TokenService.InvalidToken e) {
            return Mono.error(new Conflict("not signed in: " + e.getMessage()));
        }
        info.getAttributes().put(TOKEN, token);
        return Mono.just(new HashMap<>());
    }
}
