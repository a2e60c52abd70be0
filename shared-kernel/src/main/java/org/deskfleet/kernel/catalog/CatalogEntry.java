package org.deskfleet.kernel.catalog;

import java.util.List;

/** One parameter in one scope: a row of the catalog. */
public record CatalogEntry(String key, String sectionPath, String label, Scope scope, ParameterType type,
                           List<String> allowedValues, String defaultValue, String condition, boolean readOnly,
                           String guideSection) {

    public CatalogEntry {
        allowedValues = List.copyOf(allowedValues);
    }
}
