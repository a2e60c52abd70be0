package org.deskfleet.api;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import org.deskfleet.kernel.Conflict;
import org.deskfleet.kernel.DeviceId;
import org.deskfleet.kernel.InvalidInput;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.execution.ErrorType;

import java.util.List;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorAnswersTest {

    private static List<GraphQLError> answer(Throwable t) {
        return ErrorAnswers.answer(t, GraphqlErrorBuilder::newError);
    }

    @Test
    void aRefusalSaysWhyAsItIs() {
        assertThat(answer(new InvalidInput("no account kim")).getFirst().getMessage()).isEqualTo("no account kim");
        GraphQLError conflict = answer(new CompletionException(new Conflict("job j-1 is already deleted"))).getFirst();
        assertThat(conflict.getMessage()).isEqualTo("job j-1 is already deleted");
        assertThat(conflict.getErrorType()).isEqualTo(ErrorType.BAD_REQUEST);
    }

    @Test
    void aCommandHandlersRefusalKeepsItsReasonThroughTheBus() {
        var wrapped = new org.axonframework.commandhandling.CommandExecutionException("no job j-9", null,
                new org.deskfleet.kernel.RefusalDetails("no job j-9"));
        assertThat(answer(new CompletionException(wrapped)).getFirst().getMessage()).isEqualTo("no job j-9");
        // Without the details (any other handler failure) the message stays in the log.
        assertThat(answer(new org.axonframework.commandhandling.CommandExecutionException("data key of x cannot be unwrapped", null))
                .getFirst().getMessage()).doesNotContain("data key");
    }

    @Test
    void valueTypesOfTheKernelRefuseWithTheirReason() {
        try {
            DeviceId.parse("not-a-mac");
        } catch (IllegalArgumentException e) {
            assertThat(answer(e).getFirst().getMessage()).contains("not a MAC address");
            return;
        }
        throw new AssertionError("parse accepted a bad MAC");
    }

    @Test
    void anyOtherFailureAnswersAReferenceAndNothingOfItsMessage() {
        for (Throwable internal : List.of(new IllegalStateException("secret cannot be decrypted: wrong master key?"),
                new IllegalArgumentException("Invalid UUID string: 1234"), new CompletionException(new RuntimeException("mongo at 10.0.0.5 down")))) {
            GraphQLError e = answer(internal).getFirst();
            assertThat(e.getMessage()).doesNotContain("master key", "UUID", "10.0.0.5").contains("reference");
            assertThat(e.getErrorType()).isEqualTo(ErrorType.INTERNAL_ERROR);
            assertThat(e.getExtensions().get("reference").toString()).isNotBlank();
            assertThat(e.getMessage()).contains(e.getExtensions().get("reference").toString());
        }
    }
}
