package org.deskfleet.delivery;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.deskfleet.kernel.client.ClientDeleted;
import org.deskfleet.kernel.job.RecordJobTargetResult;
import org.deskfleet.kernel.job.TargetResult;
import org.springframework.stereotype.Component;

import java.util.List;

/** A client deleted while jobs run for it: each of them ends for it as failed, with the reason, at once. */
@Component
@ProcessingGroup(DeletedTargetPolicy.NAME)
public class DeletedTargetPolicy {

    public static final String NAME = "job-target-policy";

    private final CommandGateway commands;
    private final PendingJobs pending;

    public DeletedTargetPolicy(CommandGateway commands, PendingJobs pending) {
        this.commands = commands;
        this.pending = pending;
    }

    @EventHandler
    void on(ClientDeleted e) {
        for (PendingJobs.PendingJob j : pending.of(e.deviceId())) {
            commands.send(new RecordJobTargetResult(j.jobId(), e.deviceId(), new TargetResult(TargetResult.Outcome.FAILED,
                    "client deleted by " + e.actor(), List.of(), List.of()), e.at()));
        }
    }
}
