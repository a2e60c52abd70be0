package org.deskfleet.wpi.server.interaction;

import org.axonframework.commandhandling.gateway.CommandGateway;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Sends the adapter's commands over Axon's command bus from a dispatch executor. A local command bus runs
 * the handler (and its event-store write) on the sending thread, so Netty's event loops only ever register
 * a callback.
 */
public final class OffLoopDispatch {

    private final CommandGateway gateway;
    private final Executor dispatch;

    public OffLoopDispatch(CommandGateway gateway, Executor dispatch) {
        this.gateway = gateway;
        this.dispatch = dispatch;
    }

    public <R> CompletableFuture<R> send(Object command) {
        return CompletableFuture.supplyAsync(() -> gateway.<R>send(command), dispatch).thenCompose(f -> f);
    }
}
