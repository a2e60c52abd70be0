package org.deskfleet.api.client;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.deskfleet.kernel.DeviceId;
import org.deskfleet.kernel.client.AccessMode;
import org.deskfleet.kernel.client.RecordClientAccessMode;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;

/** The operator's say on a phone's access mode (the other source of evidence is the phone's own interactions). */
@Controller
public class AccessModeController {

    private final CommandGateway commands;

    public AccessModeController(CommandGateway commands) {
        this.commands = commands;
    }

    @MutationMapping
    public CompletableFuture<String> setClientAccessMode(@Argument String deviceId, @Argument AccessMode mode) {
        String id = DeviceId.parse(deviceId).value();
        return commands.send(new RecordClientAccessMode(id, mode, Instant.now().truncatedTo(ChronoUnit.MILLIS)))
                .thenApply(r -> id);
    }
}
