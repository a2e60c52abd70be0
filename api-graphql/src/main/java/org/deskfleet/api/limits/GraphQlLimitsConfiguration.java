package org.deskfleet.api.limits;

import graphql.analysis.FieldComplexityCalculator;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import graphql.GraphqlErrorBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.Map;

/**
 * Resource limits of the GraphQL API, checked before an operation runs (so a refused request changes nothing):
 * query depth, query cost and list sizes. Settings: {@code deskfleet.graphql.max-depth}, {@code .max-complexity},
 * {@code .max-list-size}.
 */
@Configuration
public class GraphQlLimitsConfiguration {

    /**
     * Depth of nested selections. The schema has no cycles deeper than a few levels; the standard introspection
     * query (GraphiQL) needs 13.
     */
    @Bean
    MaxQueryDepthInstrumentation maxQueryDepth(@Value("${deskfleet.graphql.max-depth:15}") int maxDepth) {
        return new MaxQueryDepthInstrumentation(maxDepth) {
            @Override
            protected AbortExecutionException mkAbortException(int depth, int max) {
                return aborted("the query is %d levels deep; at most %d are allowed".formatted(depth, max),
                        "MAX_DEPTH", depth, max);
            }
        };
    }

    /**
     * Cost of a query: each field costs 1 plus what it selects, and a page ({@code first: N}) costs its selection
     * N times — so aliases that fan out many large pages are refused, not run.
     */
    @Bean
    MaxQueryComplexityInstrumentation maxQueryComplexity(@Value("${deskfleet.graphql.max-complexity:50000}") int max) {
        FieldComplexityCalculator pages = (env, children) -> {
            Object first = env.getArguments().get("first");
            long times = first instanceof Number n ? Math.max(1, n.longValue()) : 1;
            return (int) Math.min(Integer.MAX_VALUE, 1 + children * times);
        };
        return new MaxQueryComplexityInstrumentation(max, pages) {
            @Override
            protected AbortExecutionException mkAbortException(int complexity, int maxComplexity) {
                return aborted("the query costs %d; at most %d are allowed (a page of N costs its selection N times)"
                        .formatted(complexity, maxComplexity), "MAX_COMPLEXITY", complexity, maxComplexity);
            }
        };
    }

    @Bean
    ListSizeInstrumentation maxListSize(@Value("${deskfleet.graphql.max-list-size:10000}") int max) {
        return new ListSizeInstrumentation(max);
    }

    /** Parsed and validated queries kept by their text ({@code deskfleet.graphql.parsed-query-cache}, documents). */
    @Bean
    org.springframework.boot.autoconfigure.graphql.GraphQlSourceBuilderCustomizer parsedQueryCache(
            @Value("${deskfleet.graphql.parsed-query-cache:500}") int size) {
        ParsedQueryCache cache = new ParsedQueryCache(size);
        return builder -> builder.configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(cache));
    }

    private static AbortExecutionException aborted(String message, String limit, int value, int max) {
        return new AbortExecutionException(List.of(GraphqlErrorBuilder.newError().message(message)
                .extensions(Map.of("classification", "BAD_REQUEST", "limit", limit, "value", value, "max", max)).build()));
    }
}
