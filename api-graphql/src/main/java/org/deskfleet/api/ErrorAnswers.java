package org.deskfleet.api;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import org.axonframework.commandhandling.CommandExecutionException;
import org.deskfleet.kernel.Refusal;
import org.deskfleet.kernel.RefusalDetails;
import org.deskfleet.kernel.configuration.ConfigurationRejected;
import org.deskfleet.kernel.configuration.Violation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.execution.ErrorType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What a caller is told when its request fails. A {@link Refusal} (the caller's mistake, or a state that refuses
 * the request) and a rejected configuration are answered as they are: they say what to change. Anything else
 * (a library's or the JDK's {@code IllegalArgumentException}, a store failure, a bug) could name internals, so
 * the caller gets a reference and the log gets the detail under the same reference.
 */
public final class ErrorAnswers {

    private static final Logger log = LoggerFactory.getLogger(ErrorAnswers.class);

    private ErrorAnswers() {
    }

    /** The errors for a failure; {@code error} makes a builder bound to the failing field where there is one. */
    public static List<GraphQLError> answer(Throwable failure, java.util.function.Supplier<GraphqlErrorBuilder<?>> error) {
        Throwable cause = unwrap(failure);
        if (cause instanceof CommandExecutionException cee
                && cee.getDetails().orElse(null) instanceof ConfigurationRejected r) {
            return r.violations().stream().map(v -> (GraphQLError) error.get().errorType(ErrorType.BAD_REQUEST)
                    .message(v.message()).extensions(violation(v)).build()).toList();
        }
        if (cause instanceof CommandExecutionException cee && cee.getDetails().orElse(null) instanceof RefusalDetails r) {
            return List.of(error.get().errorType(ErrorType.BAD_REQUEST).message(r.message()).build());
        }
        if (cause instanceof Refusal) {
            return List.of(error.get().errorType(ErrorType.BAD_REQUEST).message(cause.getMessage()).build());
        }
        String reference = UUID.randomUUID().toString();
        // One line per failed request, with its stack: each is a problem of its own to look into.
        log.error("request failed, reference {}", reference, cause);
        return List.of(error.get().errorType(ErrorType.INTERNAL_ERROR)
                .message("the request failed on the server; reference " + reference + " (the administrator finds the cause in the log)")
                .extensions(Map.of("reference", reference)).build());
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private static Map<String, Object> violation(Violation v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("parameter", v.parameter());
        if (v.index() != null) {
            m.put("index", v.index());
        }
        m.put("rule", v.rule());
        return m;
    }
}
