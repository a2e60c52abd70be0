package org.deskfleet.kernel.client;

import org.axonframework.serialization.Revision;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.ItemChange;

import java.time.Instant;
import java.util.List;

/**
 * The phone reported item values that differ from what was known, each with old and new value.
 * {@code complete} marks the answer to a full read: from then on the inventory is known.
 */
@Revision("1")
public record ClientItemsReported(String deviceId, List<ItemChange> changes, boolean complete,
                                  ContactReason reason, ChangeSource source, Instant at) implements ClientEvent {
}
