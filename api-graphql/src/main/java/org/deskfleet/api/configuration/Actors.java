package org.deskfleet.api.configuration;

import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.Map;

/**
 * Who is making a change, for the audit trail. Until accounts exist (the API answers on loopback only) the
 * caller may name itself in the {@code X-Deskfleet-Actor} header; otherwise it is the local administrator.
 */
@Component
public class Actors implements WebGraphQlInterceptor {

    public static final String DEFAULT = "local-admin";
    public static final String HEADER = "X-Deskfleet-Actor";

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        String actor = request.getHeaders().getFirst(HEADER);
        if (actor != null && !actor.isBlank() && actor.length() <= 128) {
            request.configureExecutionInput((input, builder) -> builder.graphQLContext(Map.of("actor", actor.strip())).build());
        }
        return chain.next(request);
    }
}
