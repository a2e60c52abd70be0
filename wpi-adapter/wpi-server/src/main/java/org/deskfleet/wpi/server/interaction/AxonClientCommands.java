package org.deskfleet.wpi.server.interaction;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.deskfleet.kernel.client.RecordReportedItems;
import org.deskfleet.kernel.client.RegisterClient;
import org.deskfleet.kernel.client.RegistrationOutcome;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Sends the adapter's commands over Axon's command bus. A local command bus runs the handler (and its
 * event-store write) on the sending thread, so sending happens on a dispatch executor: Netty's event loops
 * only ever register a callback.
 */
public final class AxonClientCommands implements ClientCommands {

    private final CommandGateway gateway;
    private final Executor dispatch;

    public AxonClientCommands(CommandGateway gateway, Executor dispatch) {
        this.gateway = gateway;
        this.dispatch = dispatch;
    }

    @Override
    public CompletableFuture<RegistrationOutcome> register(RegisterClient command) {
        return CompletableFuture.supplyAsync(() -> gateway.<RegistrationOutcome>send(command), dispatch)
                .thenCompose(f -> f);
    }

    @Override
    public CompletableFuture<Void> recordItems(RecordReportedItems command) {
        return CompletableFuture.supplyAsync(() -> gateway.<Object>send(command), dispatch)
                .thenCompose(f -> f).thenApply(ignored -> null);
    }
}
