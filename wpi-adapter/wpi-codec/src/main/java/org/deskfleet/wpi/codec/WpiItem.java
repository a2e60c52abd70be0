package org.deskfleet.wpi.codec;

/**
 * One {@code <Item>} of a WPI item list. {@code index} and {@code status} are null when absent;
 * {@code status} only ever comes from phones (guide 3.2). {@code value} is never null (empty when absent).
 */
public record WpiItem(String name, Integer index, String value, String status) {

    public WpiItem {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("item name is required");
        }
        value = value == null ? "" : value;
    }

    public static WpiItem of(String name, String value) {
        return new WpiItem(name, null, value, null);
    }

    public static WpiItem indexed(String name, int index, String value) {
        return new WpiItem(name, index, value, null);
    }

    /** The key under which a multi-instance item is distinguished: name plus index. */
    public String key() {
        return index == null ? name : name + "#" + index;
    }
}
