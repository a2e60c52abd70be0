package org.deskfleet.kernel;

/**
 * One item value as a phone reported it (name, optional index, value, optional item status).
 * The same shape the WPI carries, without depending on the codec.
 */
public record ReportedItem(String name, Integer index, String value, String status) {

    public ReportedItem {
        if (name == null || name.isBlank()) {
            throw new InvalidInput("item name is required");
        }
        value = value == null ? "" : value;
    }

    public static ReportedItem of(String name, String value) {
        return new ReportedItem(name, null, value, null);
    }

    /** Name plus index: the identity of a multi-instance item. */
    public String key() {
        return ItemKeys.key(name, index);
    }
}
