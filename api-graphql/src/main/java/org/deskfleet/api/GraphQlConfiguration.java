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

    /** A refused request says why; any other failure answers a reference to the log (see {@link ErrorAnswers}). */
    @Bean
    DataFetcherExceptionResolverAdapter errorAnswers() {
        return new DataFetcherExceptionResolverAdapter() {
            @Override
            protected java.util.List<GraphQLError> resolveToMultipleErrors(Throwable ex, DataFetchingEnvironment env) {
                if (ex instanceof org.springframework.security.access.AccessDeniedException
                        || ex instanceof org.springframework.security.core.AuthenticationException) {
                    return null; // the security resolver answers these
                }
                return ErrorAnswers.answer(ex, () -> GraphqlErrorBuilder.newError(env));
            }
        };
    }

    /** The same for subscriptions (e.g. {@code jobProgress} of an unknown job): the caller sees why. */
    @Bean
    org.springframework.graphql.execution.SubscriptionExceptionResolverAdapter subscriptionErrorAnswers() {
        return new org.springframework.graphql.execution.SubscriptionExceptionResolverAdapter() {
            @Override
            protected java.util.List<GraphQLError> resolveToMultipleErrors(Throwable ex) {
                return ErrorAnswers.answer(ex, GraphqlErrorBuilder::newError);
            }
        };
    }
}
