package org.deskfleet.kernel.catalog;

import java.util.List;
import java.util.Objects;

/** One parameter in one scope: a row of the catalog, with how it reaches phones ({@link WpiMapping#NONE}: it does not). */
public record CatalogEntry(String key, String sectionPath, String label, Scope scope, ParameterType type,
                           List<String> allowedValues, String defaultValue, String condition, boolean readOnly,
                           String guideSection, WpiMapping wpi) {

    public CatalogEntry {
        allowedValues = List.copyOf(allowedValues);
        wpi = Objects.requireNonNullElse(wpi, WpiMapping.NONE);
    }

    public CatalogEntry(String key, String sectionPath, String label, Scope scope, ParameterType type,
                        List<String> allowedValues, String defaultValue, String condition, boolean readOnly,
                        String guideSection) {
        this(key, sectionPath, label, scope, type, allowedValues, defaultValue, condition, readOnly, guideSection,
                WpiMapping.NONE);
    }

    /** Whether a value of this parameter can be written to a phone (some WPI item carries it). */
    public boolean deliverable() {
        return wpi.deliverable();
    }

    public List<String> wpiItems() {
        return wpi.items();
    }
}
