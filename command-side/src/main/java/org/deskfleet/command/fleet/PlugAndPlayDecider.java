package org.deskfleet.command.fleet;

import org.deskfleet.kernel.InvalidInput;

import org.deskfleet.kernel.DeviceId;
import org.deskfleet.kernel.E164;
import org.deskfleet.kernel.fleet.ClaimPlugAndPlayClient;
import org.deskfleet.kernel.fleet.CreatePlugAndPlayClient;
import org.deskfleet.kernel.fleet.PlugAndPlayClientClaimed;
import org.deskfleet.kernel.fleet.PlugAndPlayClientCreated;
import org.deskfleet.kernel.fleet.PlugAndPlayEvent;

import java.util.List;

/** Plug&amp;Play decisions as pure functions. */
public final class PlugAndPlayDecider {

    private PlugAndPlayDecider() {
    }

    public record State(String reservationId, String claimedBy) {
        public static final State INITIAL = new State(null, null);
    }

    public static List<PlugAndPlayEvent> decide(CreatePlugAndPlayClient c, State s) {
        if (c.deviceId() == null && c.e164() == null) {
            throw new InvalidInput("a Plug&Play client needs a device id (MAC) or an E164 number");
        }
        if (c.deviceType() == null || c.deviceType().isBlank()) {
            throw new InvalidInput("a Plug&Play client needs its hardware type");
        }
        if (c.deviceId() != null) {
            DeviceId.parse(c.deviceId());
        }
        if (c.e164() != null && E164.tryParse(c.e164()).isEmpty()) {
            throw new InvalidInput("'" + c.e164() + "' is not an E164 number");
        }
        if (s.reservationId() != null) {
            throw new InvalidInput((c.deviceId() != null ? "MAC " + c.deviceId() : "E164 " + c.e164())
                    + " is already taken by a Plug&Play client");
        }
        return List.of(new PlugAndPlayClientCreated(c.reservationId(), c.deviceId(), c.e164(), c.deviceType().strip(),
                c.secureMode(), c.templateId(), c.actor(), c.at()));
    }

    /** The first phone to claim it takes it; the same phone again changes nothing (a replayed start-up). */
    public static List<PlugAndPlayEvent> decide(ClaimPlugAndPlayClient c, State s) {
        if (s.reservationId() == null) {
            throw new InvalidInput("no Plug&Play client " + c.reservationId());
        }
        if (s.claimedBy() != null) {
            return List.of();
        }
        return List.of(new PlugAndPlayClientClaimed(c.reservationId(), c.deviceId(), c.at()));
    }

    public static State evolve(State s, PlugAndPlayEvent e) {
        return switch (e) {
            case PlugAndPlayClientCreated c -> new State(c.reservationId(), null);
            case PlugAndPlayClientClaimed c -> new State(s.reservationId(), c.deviceId());
        };
    }
}
