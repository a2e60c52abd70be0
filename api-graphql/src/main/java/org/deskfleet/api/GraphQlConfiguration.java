package org.deskfleet.api;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.language.StringValue;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLScalarType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Scalars and error mapping of the GraphQL API. */
@Configuration
public class GraphQlConfiguration {

    @Bean
    RuntimeWiringConfigurer scalars() {
        GraphQLScalarType dateTime = GraphQLScalarType.newScalar()
                .name("DateTime")
                .description("An ISO-8601 instant, e.g. 2026-01-01T10:00:00Z")
                .coercing(new Coercing<Instant, String>() {
                    @Override
                    public String serialize(Object value) {
                        if (value instanceof Instant i) {
                            return i.toString();
                        }
                        throw new CoercingSerializeException("not an instant: " + value);
                    }

                    @Override
                    public Instant parseValue(Object input) {
                        try {
                            return Instant.parse(String.valueOf(input));
                        } catch (DateTimeParseException e) {
                            throw new CoercingParseValueException("not an ISO-8601 instant: " + input);
                        }
                    }

                    @Override
                    public Instant parseLiteral(Object input) {
                        if (input instanceof StringValue s) {
                            try {
                                return Instant.parse(s.getValue());
                            } catch (DateTimeParseException e) {
                                throw new CoercingParseLiteralException("not an ISO-8601 instant: " + s.getValue());
                            }
                        }
                        throw new CoercingParseLiteralException("DateTime must be a string");
                    }
                })
                .build();
        return wiring -> wiring.scalar(dateTime);
    }

    /** Invalid arguments are the caller's mistake: say what was wrong instead of "INTERNAL_ERROR". */
    @Bean
    DataFetcherExceptionResolverAdapter badInput() {
        return new DataFetcherExceptionResolverAdapter() {
            /** A rejected configuration change: one typed error per offending entry. */
            @Override
            protected java.util.List<GraphQLError> resolveToMultipleErrors(Throwable ex, DataFetchingEnvironment env) {
                Throwable cause = ex instanceof java.util.concurrent.CompletionException && ex.getCause() != null
                        ? ex.getCause() : ex;
                if (cause instanceof org.axonframework.commandhandling.CommandExecutionException cee
                        && cee.getDetails().orElse(null) instanceof org.deskfleet.kernel.configuration.ConfigurationRejected r) {
                    return r.violations().stream().map(v -> (GraphQLError) GraphqlErrorBuilder.newError(env)
                            .errorType(ErrorType.BAD_REQUEST).message(v.message())
                            .extensions(violation(v)).build()).toList();
                }
                GraphQLError single = resolveToSingleError(ex, env);
                return single == null ? null : java.util.List.of(single);
            }

            @Override
            protected GraphQLError resolveToSingleError(Throwable ex, DataFetchingEnvironment env) {
                Throwable cause = ex instanceof java.util.concurrent.CompletionException && ex.getCause() != null
                        ? ex.getCause() : ex;
                if (cause instanceof IllegalArgumentException || cause instanceof IllegalStateException) {
                    return GraphqlErrorBuilder.newError(env).errorType(ErrorType.BAD_REQUEST)
                            .message(cause.getMessage()).build();
                }
                return null;
            }
        };
    }

    /** The same for subscriptions (e.g. {@code jobProgress} of an unknown job): the caller sees why. */
    @Bean
    org.springframework.graphql.execution.SubscriptionExceptionResolverAdapter badSubscriptionInput() {
        return new org.springframework.graphql.execution.SubscriptionExceptionResolverAdapter() {
            @Override
            protected GraphQLError resolveToSingleError(Throwable ex) {
                Throwable cause = ex instanceof java.util.concurrent.CompletionException && ex.getCause() != null
                        ? ex.getCause() : ex;
                if (cause instanceof IllegalArgumentException || cause instanceof IllegalStateException) {
                    return GraphqlErrorBuilder.newError().errorType(ErrorType.BAD_REQUEST).message(cause.getMessage()).build();
                }
                return null;
            }
        };
    }

    private static java.util.Map<String, Object> violation(org.deskfleet.kernel.configuration.Violation v) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("parameter", v.parameter());
        if (v.index() != null) {
            m.put("index", v.index());
        }
        m.put("rule", v.rule());
        return m;
    }
}
