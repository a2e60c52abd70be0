package org.deskfleet.wpi.codec;

import java.util.List;
import java.util.Optional;

/** A {@code DLSMessage} (service to phone): the echoed nonce, exactly one action, optional items. */
public record ServiceMessage(String nonce, Action action, List<WpiItem> items) {

    public ServiceMessage {
        if (action == null) {
            throw new IllegalArgumentException("a service message carries exactly one action");
        }
        items = items == null ? List.of() : List.copyOf(items);
    }

    public static ServiceMessage of(String nonce, Action action) {
        return new ServiceMessage(nonce, action, List.of());
    }

    public static ServiceMessage cleanUp(String nonce, String reason) {
        return new ServiceMessage(nonce, Action.CLEAN_UP,
                reason == null ? List.of() : List.of(WpiItem.of("cleanup-reason", reason)));
    }

    public Optional<String> item(String name) {
        return items.stream().filter(i -> i.name().equals(name)).map(WpiItem::value).findFirst();
    }
}
