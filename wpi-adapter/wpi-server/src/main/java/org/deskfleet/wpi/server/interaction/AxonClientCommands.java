package org.deskfleet.wpi.server.interaction;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.deskfleet.kernel.client.RecordReportedItems;
import org.deskfleet.kernel.client.RegisterClient;
import org.deskfleet.kernel.client.RegistrationOutcome;

import java.util.concurrent.CompletableFuture;

/** Sends the adapter's commands over Axon's command bus without blocking. */
public final class AxonClientCommands implements ClientCommands {

    private final CommandGateway gateway;

    public AxonClientCommands(CommandGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public CompletableFuture<RegistrationOutcome> register(RegisterClient command) {
        return gateway.send(command);
    }

    @Override
    public CompletableFuture<Void> recordItems(RecordReportedItems command) {
        return gateway.<Object>send(command).thenApply(ignored -> null);
    }
}
