package org.deskfleet.wpi.server.interaction;

import org.deskfleet.wpi.codec.WpiItem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a service item list into messages that honour the phone's {@code maxItems} and the 50 kB limit
 * (guide 3.7), never separating items that belong together: the instances of one index of one item
 * family (all {@code file-*} items of index 2) and the parts of one certificate.
 */
public final class ItemSplitter {

    /** Room for the envelope (declaration, root, nonce, action) below the guide's 50 kB. */
    public static final int MAX_BYTES = 50_000 - 600;

    private ItemSplitter() {
    }

    public static List<List<WpiItem>> split(List<WpiItem> items, int maxItems, int maxBytes) {
        int limit = maxItems <= 0 ? Integer.MAX_VALUE : maxItems;
        List<List<WpiItem>> messages = new ArrayList<>();
        List<WpiItem> current = new ArrayList<>();
        int bytes = 0;
        for (List<WpiItem> group : groups(items)) {
            int groupBytes = group.stream().mapToInt(ItemSplitter::size).sum();
            boolean fits = current.size() + group.size() <= limit && bytes + groupBytes <= maxBytes;
            if (!fits && !current.isEmpty()) {
                messages.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            // A group larger than a whole message still goes alone: splitting it would break it.
            current.addAll(group);
            bytes += groupBytes;
        }
        if (!current.isEmpty() || messages.isEmpty()) {
            messages.add(current);
        }
        return messages;
    }

    /** Items grouped in order of first appearance. */
    static List<List<WpiItem>> groups(List<WpiItem> items) {
        Map<String, List<WpiItem>> groups = new LinkedHashMap<>();
        int solo = 0;
        for (WpiItem i : items) {
            String key = groupKey(i);
            groups.computeIfAbsent(key == null ? "#solo" + solo++ : key, k -> new ArrayList<>()).add(i);
        }
        return List.copyOf(groups.values());
    }

    private static String groupKey(WpiItem i) {
        String name = i.name();
        int cert = name.indexOf("certificate");
        if (cert >= 0) {
            return "cert:" + name.substring(0, cert) + "#" + i.index();
        }
        if (i.index() == null) {
            return null;
        }
        int dash = name.indexOf('-');
        return (dash > 0 ? name.substring(0, dash) : name) + "#" + i.index();
    }

    /** Escaping can grow a value; count generously. */
    private static int size(WpiItem i) {
        return 40 + i.name().length() + (int) (i.value().getBytes(StandardCharsets.UTF_8).length * 1.25);
    }
}
