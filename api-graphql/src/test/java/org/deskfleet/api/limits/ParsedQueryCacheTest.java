package org.deskfleet.api.limits;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A query's text is parsed and validated once; mutations, invalid documents and what falls out are parsed again. */
class ParsedQueryCacheTest {

    private final AtomicInteger calls = new AtomicInteger();

    private GraphQL graphQl(ParsedQueryCache cache) {
        GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse("""
                type Query { hello(name: String): String }
                type Mutation { signIn(password: String): String }
                """), RuntimeWiring.newRuntimeWiring()
                .type("Query", t -> t.dataFetcher("hello", env -> "hello " + env.getArgument("name")))
                .type("Mutation", t -> t.dataFetcher("signIn", env -> "ok"))
                .build());
        return GraphQL.newGraphQL(schema).preparsedDocumentProvider((input, parse) -> {
            return cache.getDocumentAsync(input, i -> {
                calls.incrementAndGet();
                return parse.apply(i);
            });
        }).build();
    }

    @Test
    void aQueryIsParsedOnceAndAnswersWithItsOwnVariables() {
        ParsedQueryCache cache = new ParsedQueryCache(2);
        GraphQL graphQl = graphQl(cache);
        String query = "query($n: String) { hello(name: $n) }";
        ExecutionResult a = graphQl.execute(ExecutionInput.newExecutionInput(query).variables(Map.of("n", "a")).build());
        ExecutionResult b = graphQl.execute(ExecutionInput.newExecutionInput(query).variables(Map.of("n", "b")).build());
        assertThat(a.<Map<String, Object>>getData()).containsEntry("hello", "hello a");
        assertThat(b.<Map<String, Object>>getData()).containsEntry("hello", "hello b");
        assertThat(calls).hasValue(1);
    }

    @Test
    void mutationsAndInvalidDocumentsAreNotKept() {
        ParsedQueryCache cache = new ParsedQueryCache(10);
        GraphQL graphQl = graphQl(cache);
        for (int i = 0; i < 2; i++) {
            graphQl.execute("mutation { signIn(password: \"secret\") }");
            assertThat(graphQl.execute("{ nosuchfield }").getErrors()).isNotEmpty();
        }
        assertThat(calls).hasValue(4);
        assertThat(cache.size()).isZero();
    }

    @Test
    void theLeastRecentlyUsedFallsOut() {
        ParsedQueryCache cache = new ParsedQueryCache(2);
        GraphQL graphQl = graphQl(cache);
        graphQl.execute("{ a: hello }");
        graphQl.execute("{ b: hello }");
        graphQl.execute("{ a: hello }");
        graphQl.execute("{ c: hello }"); // b falls out
        graphQl.execute("{ a: hello }");
        assertThat(calls).hasValue(3);
        graphQl.execute("{ b: hello }");
        assertThat(calls).hasValue(4);
        assertThat(cache.size()).isEqualTo(2);
        assertThatThrownBy(() -> new ParsedQueryCache(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
