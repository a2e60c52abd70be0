package org.deskfleet.wpi.server.interaction;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.deskfleet.kernel.client.RecordReportedItems;
import org.deskfleet.kernel.client.RegisterClient;
import org.deskfleet.kernel.client.RegistrationOutcome;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** The Client commands over Axon's command bus, off the event loop. */
public final class AxonClientCommands implements ClientCommands {

    private final OffLoopDispatch bus;

    public AxonClientCommands(CommandGateway gateway, Executor dispatch) {
        this.bus = new OffLoopDispatch(gateway, dispatch);
    }

    @Override
    public CompletableFuture<RegistrationOutcome> register(RegisterClient command) {
        return bus.send(command);
    }

    @Override
    public CompletableFuture<Void> recordItems(RecordReportedItems command) {
        return bus.<Object>send(command).thenApply(ignored -> null);
    }
}
