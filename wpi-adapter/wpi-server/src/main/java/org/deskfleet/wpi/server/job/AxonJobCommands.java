package org.deskfleet.wpi.server.job;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.deskfleet.kernel.job.RecordJobTargetDeferred;
import org.deskfleet.kernel.job.RecordJobTargetResult;
import org.deskfleet.kernel.job.RecordJobTargetStartUp;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** Job commands over Axon's command bus, sent from a dispatch executor (never a Netty event loop). */
public final class AxonJobCommands implements JobCommands {

    private final CommandGateway gateway;
    private final Executor dispatch;

    public AxonJobCommands(CommandGateway gateway, Executor dispatch) {
        this.gateway = gateway;
        this.dispatch = dispatch;
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
    public CompletableFuture<Void> startedUp(RecordJobTargetStartUp command) {
        return send(command);
    }

    private CompletableFuture<Void> send(Object command) {
        return CompletableFuture.supplyAsync(() -> gateway.send(command), dispatch)
                .thenCompose(f -> f).thenApply(ignored -> null);
    }
}
