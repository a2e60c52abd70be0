package org.deskfleet.wpi.server.interaction;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.deskfleet.kernel.client.RecordReportedItems;
import org.deskfleet.kernel.client.RegisterClient;
import org.deskfleet.kernel.client.RegistrationOutcome;
import org.deskfleet.kernel.system.UnknownPhones;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The Client commands over Axon's command bus, every registration carrying the unknown-phones setting as it is
 * now, so that the Client aggregate decides (register or quarantine) from its command alone. The setting is read
 * in the same dispatch task that sends the command: never on an event loop (it is a store read), and one hop
 * only, so a full dispatch queue is refused at once as before.
 */
public final class UnknownPhonesClientCommands implements ClientCommands {

    private final CommandGateway gateway;
    private final Executor dispatch;
    private final Supplier<UnknownPhones> setting;
    private final ClientCommands others;

    public UnknownPhonesClientCommands(CommandGateway gateway, Executor dispatch, Supplier<UnknownPhones> setting) {
        this.gateway = gateway;
        this.dispatch = dispatch;
        this.setting = setting;
        this.others = new AxonClientCommands(gateway, dispatch);
    }

    @Override
    public CompletableFuture<RegistrationOutcome> register(RegisterClient command) {
        return CompletableFuture.supplyAsync(() -> gateway.<RegistrationOutcome>send(command.withUnknownPhones(setting.get())),
                dispatch).thenCompose(f -> f);
    }

    @Override
    public CompletableFuture<Void> recordItems(RecordReportedItems command) {
        return others.recordItems(command);
    }
}
