package org.deskfleet.kernel.catalog;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

class ParameterCatalogTest {

    /** Counts rows per scope straight from the data file and compares with what the catalog loaded. */
    @Test
    void loadsEveryRowOfTheDataFile() throws Exception {
        Map<Scope, Long> expected = new EnumMap<>(Scope.class);
        long rows = 0;
        try (var r = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(getClass().getResourceAsStream(ParameterCatalog.RESOURCE)), StandardCharsets.UTF_8))) {
            r.readLine();
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    rows++;
                    expected.merge(Scope.valueOf(line.split("\t", -1)[2].toUpperCase(Locale.ROOT)), 1L, Long::sum);
                }
            }
        }
        ParameterCatalog catalog = ParameterCatalog.bundled();
        assertThat(catalog.entries()).hasSize((int) rows);
        assertThat(catalog.countByScope()).isEqualTo(expected);
        assertThat(catalog.parameterCount()).isEqualTo(821);
    }

    @Test
    void keysAreStableSlugs() {
        assertThat(ParameterCatalog.keyOf("General > General information", "Device type"))
                .isEqualTo("general.general-information.device-type");
        assertThat(ParameterCatalog.bundled().find("general.general-information.device-type", Scope.CLIENT))
                .get().extracting(CatalogEntry::readOnly).isEqualTo(true);
    }
}
