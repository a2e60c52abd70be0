package org.deskfleet.api.admin;

import org.deskfleet.kernel.maintenance.DeadLetter;
import org.deskfleet.kernel.maintenance.RetryResult;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.util.List;

/** Events a projection or policy could not handle: shown, and retried when the cause is fixed. */
@Controller
public class DeadLetterController {

    private final DeadLetterMaintenance deadLetters;

    public DeadLetterController(DeadLetterMaintenance deadLetters) {
        this.deadLetters = deadLetters;
    }

    @QueryMapping
    public List<DeadLetter> deadLetters(@Argument String processor) {
        return deadLetters.deadLetters(processor);
    }

    @MutationMapping
    public List<RetryResult> retryDeadLetters(@Argument String processor) {
        return deadLetters.retry(processor);
    }
}
