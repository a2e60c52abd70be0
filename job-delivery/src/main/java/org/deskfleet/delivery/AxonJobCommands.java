package org.deskfleet.delivery;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.deskfleet.kernel.job.RecordJobTargetContacted;
import org.deskfleet.kernel.job.RecordJobTargetDeferred;
import org.deskfleet.kernel.job.RecordJobTargetServing;
import org.deskfleet.kernel.job.RecordJobTargetResult;
import org.deskfleet.kernel.job.RecordJobTargetStartUp;
import org.deskfleet.wpi.server.interaction.OffLoopDispatch;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** Job commands over Axon's command bus, off the event loop. */
public final class AxonJobCommands implements JobCommands {

    private final OffLoopDispatch bus;

    public AxonJobCommands(CommandGateway gateway, Executor dispatch) {
        this.bus = new OffLoopDispatch(gateway, dispatch);
    }

    @Override
    public CompletableFuture<Void> result(RecordJobTargetResult command) {
        return send(command);
    }

    @Override
    public CompletableFuture<Void> deferred(RecordJobTargetDeferred command) {
        return send(command);
    }

    @Override
    public CompletableFuture<Void> contacted(RecordJobTargetContacted command) {
        return send(command);
    }

    @Override
    public CompletableFuture<Void> serving(RecordJobTargetServing command) {
        return send(command);
    }

    @Override
    public CompletableFuture<Void> startedUp(RecordJobTargetStartUp command) {
        return send(command);
    }

    private CompletableFuture<Void> send(Object command) {
        return bus.<Object>send(command).thenApply(ignored -> null);
    }
}
