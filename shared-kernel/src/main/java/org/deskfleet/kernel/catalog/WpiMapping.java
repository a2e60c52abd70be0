package org.deskfleet.kernel.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How one catalog parameter reaches a phone: the WPI items that carry it (written together, read back from
 * the first), how the parameter's index becomes the item's index, and value codes where the protocol files
 * give them (catalog {@code TLS} is item {@code 2}). No items: the parameter is stored but not deliverable.
 */
public record WpiMapping(List<String> items, IndexRule index, Map<String, String> valueCodes, String evidence) {

    public static final WpiMapping NONE = new WpiMapping(List.of(), new IndexRule.None(), Map.of(), "");

    public WpiMapping {
        items = List.copyOf(items);
        valueCodes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(valueCodes));
        Objects.requireNonNull(index);
    }

    /** Where the parameter's index goes on the item. */
    public sealed interface IndexRule {
        /** The item has no index; the parameter has none either. */
        record None() implements IndexRule { }

        /** A list parameter: entry n is item index n. */
        record SameIndex() implements IndexRule { }

        /** One of a family of parameters sharing an indexed item, e.g. trace level n of {@code trace-level}. */
        record Fixed(int index) implements IndexRule { }
    }

    public boolean deliverable() {
        return !items.isEmpty();
    }

    /** The item index for a parameter index, or empty when the item carries none. */
    public Optional<Integer> itemIndex(Integer parameterIndex) {
        return switch (index) {
            case IndexRule.None n -> Optional.empty();
            case IndexRule.SameIndex s -> Optional.ofNullable(parameterIndex);
            case IndexRule.Fixed f -> Optional.of(f.index());
        };
    }

    /** The value as written to the phone: coded where a code is known, else unchanged. */
    public String toItemValue(String catalogValue) {
        if (catalogValue == null) {
            return null;
        }
        return valueCodes.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(catalogValue))
                .map(Map.Entry::getValue).findFirst().orElse(catalogValue);
    }

    /** The catalog value for what a phone reports: decoded where a code is known, else unchanged. */
    public String fromItemValue(String itemValue) {
        if (itemValue == null) {
            return null;
        }
        return valueCodes.entrySet().stream().filter(e -> e.getValue().equals(itemValue.strip()))
                .map(Map.Entry::getKey).findFirst().orElse(itemValue);
    }
}
