package org.deskfleet.wpi.codec;

/**
 * Bounds applied while reading, so that a hostile document costs little. The guide limits a message to
 * 50 kB (3.7); {@code maxBytes} adds a margin for phones that round generously.
 */
public record WpiLimits(int maxBytes, int maxDepth, int maxItems, int maxValueChars) {

    public static final WpiLimits DEFAULT = new WpiLimits(64 * 1024, 8, 4_000, 16 * 1024);

    public WpiLimits {
        if (maxBytes <= 0 || maxDepth <= 0 || maxItems <= 0 || maxValueChars <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
