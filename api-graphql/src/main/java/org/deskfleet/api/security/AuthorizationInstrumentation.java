package org.deskfleet.api.security;

import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.execution.ExecutionStepInfo;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLNamedType;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.stereotype.Component;

/**
 * Applies {@link AccessRules} to every root field of every operation (query, mutation, subscription), over
 * HTTP and WebSocket alike: the field's data fetcher runs only when its rule allows the signed-in account.
 * A refused field answers an UNAUTHORIZED (no or invalid sign-in) or FORBIDDEN (missing role) error and
 * does nothing. Introspection needs a signed-in account; {@code __typename} is harmless.
 */
@Component
public class AuthorizationInstrumentation extends SimplePerformantInstrumentation {

    private static final AccessRules.Rule INTROSPECTION = new AccessRules.SignedIn(true);

    @Override
    public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher, InstrumentationFieldFetchParameters parameters,
                                                InstrumentationState state) {
        ExecutionStepInfo step = parameters.getExecutionStepInfo();
        if (step.getPath().getLevel() != 1) {
            return dataFetcher;
        }
        String type = step.getParent() != null && step.getParent().getUnwrappedNonNullType() instanceof GraphQLNamedType t
                ? t.getName() : parameters.getEnvironment().getParentType() instanceof GraphQLNamedType p ? p.getName() : "?";
        String field = step.getFieldDefinition().getName();
        if ("__typename".equals(field)) {
            return dataFetcher;
        }
        AccessRules.Rule rule = field.startsWith("__") ? INTROSPECTION
                : AccessRules.of(type, field).orElse(null);
        SignedInAccount who = parameters.getEnvironment().getGraphQlContext().get(SignedInAccount.KEY);
        String refusal = rule == null ? "no access rule for " + type + "." + field + ": refused" : AccessRules.refusal(rule, who);
        if (refusal == null) {
            return dataFetcher;
        }
        ErrorType errorType = who == null ? ErrorType.UNAUTHORIZED : ErrorType.FORBIDDEN;
        return env -> DataFetcherResult.newResult()
                .error(GraphqlErrorBuilder.newError(env).errorType(errorType).message(type + "." + field + ": " + refusal).build())
                .build();
    }
}
