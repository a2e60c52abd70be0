package org.deskfleet.wpi.codec;

import java.util.List;
import java.util.Optional;

/**
 * A {@code WorkpointMessage} (phone to service).
 *
 * @param nonce       the phone's anti-replay token, echoed in the answer
 * @param maxItems    most items the phone takes in one service message; -1 = no limit
 * @param fragment    whether more parts of this item list follow
 * @param reason      the parsed reason; {@link Reason#UNKNOWN} keeps the raw text in {@code rawReason}
 * @param rawReason   the reason text as sent (trimmed)
 * @param replyAction for {@code reply-to}: the action answered, as sent; otherwise null
 * @param replyStatus for {@code reply-to}: accepted / failed / busy; otherwise null
 * @param items       the item list (empty when absent)
 */
public record PhoneMessage(String nonce, int maxItems, Fragment fragment, Reason reason, String rawReason,
                           String replyAction, ReplyStatus replyStatus, List<WpiItem> items) {

    public PhoneMessage {
        items = items == null ? List.of() : List.copyOf(items);
        fragment = fragment == null ? Fragment.FINAL : fragment;
        rawReason = rawReason == null ? reason.wire() : rawReason;
    }

    public static PhoneMessage of(String nonce, Reason reason, List<WpiItem> items) {
        return new PhoneMessage(nonce, -1, null, reason, reason.wire(), null, null, items);
    }

    public static PhoneMessage replyTo(String nonce, Action action, ReplyStatus status, List<WpiItem> items) {
        return new PhoneMessage(nonce, -1, Fragment.FINAL, Reason.REPLY_TO, Reason.REPLY_TO.wire(), action.wire(), status, items);
    }

    /** The first item with this name (any index), if present. */
    public Optional<String> item(String name) {
        return items.stream().filter(i -> i.name().equals(name)).map(WpiItem::value).findFirst();
    }

    public Optional<Action> answeredAction() {
        return Action.fromWire(replyAction);
    }
}
