package org.deskfleet.kernel;

/**
 * What changed on one item: old and new value ({@code null} = absent). For secret items both values are
 * sealed fingerprints, never clear text, and {@code secret} is true.
 */
public record ItemChange(String name, Integer index, String oldValue, String newValue, String status, boolean secret) {

    public String key() {
        return ItemKeys.key(name, index);
    }

    public boolean removed() {
        return newValue == null;
    }
}
