package org.deskfleet.kernel;

import java.util.Set;

/** Item naming rules shared by both sides. */
public final class ItemKeys {

    /**
     * Items that describe the moment, not the configuration: recording them would write an event on
     * nearly every contact.
     */
    public static final Set<String> VOLATILE = Set.of(
            "configuration-changed-flag", "configuration-attached-flag", "configuration-attached-number");

    private ItemKeys() {
    }

    public static String key(String name, Integer index) {
        return index == null ? name : name + "#" + index;
    }
}
