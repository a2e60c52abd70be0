package org.deskfleet.wpi.server.interaction;

import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.PhoneMessage;
import org.deskfleet.wpi.codec.WpiItem;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where mobile-user logon and logoff join an interaction (implemented in the mobility package): which items
 * of a first message are the phone's own, what to send first once its report is stored, and what follows the
 * phone's answer to a message the hook asked for ({@link Interaction.Purpose#MOBILITY}).
 */
public interface MobilityHook {

    /** Messages to send before anything else, or why the phone is refused (then only CleanUp follows). */
    record Step(List<Interaction.Outgoing> messages, String refusal) {
        public static final Step NOTHING = new Step(List.of(), null);

        public Step {
            messages = List.copyOf(messages);
        }

        public static Step refused(String why) {
            return new Step(List.of(), why);
        }
    }

    MobilityHook NONE = new MobilityHook() {
        @Override
        public List<WpiItem> clientItems(PhoneMessage m) {
            return m.items();
        }

        @Override
        public CompletableFuture<Step> start(PhoneMessage m, String deviceId) {
            return CompletableFuture.completedFuture(Step.NOTHING);
        }

        @Override
        public CompletableFuture<Step> replied(String deviceId, Action action, List<WpiItem> items) {
            return CompletableFuture.completedFuture(Step.NOTHING);
        }
    };

    List<WpiItem> clientItems(PhoneMessage m);

    CompletableFuture<Step> start(PhoneMessage m, String deviceId);

    CompletableFuture<Step> replied(String deviceId, Action action, List<WpiItem> items);
}
