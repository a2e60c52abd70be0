package org.deskfleet.wpi.server.interaction;

import org.deskfleet.kernel.client.RecordReportedItems;
import org.deskfleet.kernel.client.RegisterClient;
import org.deskfleet.kernel.client.RegistrationOutcome;

import java.util.concurrent.CompletableFuture;

/**
 * The adapter's way into the command side. Asynchronous on purpose: a Netty event-loop thread must never
 * wait for the event store; the answer to the phone is written when the future completes.
 */
public interface ClientCommands {

    CompletableFuture<RegistrationOutcome> register(RegisterClient command);

    CompletableFuture<Void> recordItems(RecordReportedItems command);
}
