package org.deskfleet.kernel.catalog;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        // The manual's figures (spec parameters-summary.txt), so a truncated data file cannot pass either.
        assertThat(catalog.countByScope()).containsExactlyInAnyOrderEntriesOf(Map.of(
                Scope.CLIENT, 633L, Scope.USER, 357L, Scope.TEMPLATE, 708L, Scope.SYSTEM, 61L));
    }

    /** Mapped rows per scope counted straight from the mapping file; figures as in docs/configuration.md. */
    @Test
    void mapsEveryRowOfTheMappingFileAndCountsCoveragePerScope() throws Exception {
        Map<Scope, Long> mappedFromFile = new EnumMap<>(Scope.class);
        Set<String> mappedKeys = new HashSet<>();
        try (var r = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(getClass().getResourceAsStream(ParameterCatalog.MAPPING_RESOURCE)), StandardCharsets.UTF_8))) {
            r.readLine();
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split("\t", -1);
                mappedKeys.add(f[0]);
                for (String scope : f[1].split(",")) {
                    mappedFromFile.merge(Scope.valueOf(scope.toUpperCase(Locale.ROOT)), 1L, Long::sum);
                }
            }
        }
        ParameterCatalog catalog = ParameterCatalog.bundled();
        Map<Scope, ParameterCatalog.Coverage> coverage = catalog.coverageByScope();
        for (Scope scope : Scope.values()) {
            assertThat(coverage.get(scope).mapped()).as(scope.name()).isEqualTo(mappedFromFile.getOrDefault(scope, 0L));
            assertThat(coverage.get(scope).total()).isEqualTo(catalog.countByScope().get(scope));
        }
        assertThat(coverage).containsExactlyInAnyOrderEntriesOf(Map.of(
                Scope.CLIENT, new ParameterCatalog.Coverage(207, 426),
                Scope.USER, new ParameterCatalog.Coverage(138, 219),
                Scope.TEMPLATE, new ParameterCatalog.Coverage(265, 443),
                Scope.SYSTEM, new ParameterCatalog.Coverage(0, 61)));
        assertThat(mappedKeys).hasSize(281).allMatch(catalog::deliverable);
        assertThat(catalog.entries()).filteredOn(e -> !mappedKeys.contains(e.key()))
                .allMatch(e -> !e.deliverable() && e.wpiItems().isEmpty());
    }

    /** Every mapped item name comes from the protocol files: none is invented. */
    @Test
    void everyMappedItemIsNamedInTheProtocolFiles() throws Exception {
        Set<String> known = new HashSet<>();
        for (String file : new String[]{"items.tsv", "items-observed.tsv"}) {
            Path path = Path.of("..", "..", "shared", "wpi", file);
            Assumptions.assumeTrue(Files.exists(path), "protocol files are beside the repository");
            Files.readAllLines(path).stream().skip(1).map(l -> l.split("\t", -1)[0]).forEach(known::add);
        }
        assertThat(ParameterCatalog.bundled().mappedItems()).isNotEmpty().isSubsetOf(known);
    }

    @Test
    void looksUpBothWays() {
        ParameterCatalog catalog = ParameterCatalog.bundled();
        String sntp = "general.date-time.sntp-server-address";
        assertThat(catalog.itemsFor(sntp)).containsExactly("sntp-addr");
        assertThat(catalog.parameterFor("sntp-addr", null)).contains(sntp);
        assertThat(catalog.itemsFor("general.general-information.gigabit-ethernet-enabled"))
                .containsExactly("gigabit-ethernet-enabled", "gigabit-ethernet");
        assertThat(catalog.itemsFor("features.door-opener.door-opener-name")).isEmpty();
        assertThat(catalog.deliverable("features.door-opener.door-opener-name")).isFalse();
        assertThat(catalog.itemsFor("no.such.parameter")).isEmpty();
        assertThat(catalog.parameterFor("no-such-item", null)).isEmpty();
        // one item, two parameters: the SIP and the HFA number
        assertThat(catalog.parametersFor("e164")).containsExactly("telephony.sip-settings.e164-number",
                "telephony.hfa-settings.e164-number");
        // one indexed item for a family: the index picks the parameter
        assertThat(catalog.parameterFor("trace-level", 0)).contains("diagnostics.trace-level.admin");
        assertThat(catalog.parameterFor("trace-level", 49)).contains("diagnostics.trace-level.trace-level-49");
        assertThat(catalog.mappingFor("diagnostics.trace-level.trace-level-65").itemIndex(null)).contains(65);
        assertThat(catalog.mappingFor("telephony.canonical-dial-lookup.local-code").itemIndex(3)).contains(3);
        assertThat(catalog.mappingFor(sntp).itemIndex(2)).isEmpty();
    }

    @Test
    void translatesValueCodesBothWays() {
        WpiMapping transport = ParameterCatalog.bundled().mappingFor("telephony.sip-settings.transport-protocol");
        assertThat(transport.items()).containsExactly("sip-transport-user");
        assertThat(transport.toItemValue("TLS")).isEqualTo("2");
        assertThat(transport.fromItemValue("0")).isEqualTo("UDP");
        assertThat(transport.fromItemValue("7")).isEqualTo("7");
        assertThat(ParameterCatalog.bundled().mappingFor("general.date-time.sntp-server-address").toItemValue("10.1.1.1"))
                .isEqualTo("10.1.1.1");
    }

    @Test
    void turnsADesiredValueIntoTheItemsToWrite() {
        ParameterCatalog catalog = ParameterCatalog.bundled();
        assertThat(catalog.itemValues("telephony.sip-settings.transport-protocol", null, "TLS"))
                .containsExactly(new ParameterCatalog.ItemValue("sip-transport-user", null, "2"));
        assertThat(catalog.itemValues("mobile-user.general.display-id", null, "Desk 12")).containsExactly(
                new ParameterCatalog.ItemValue("display-id", null, "Desk 12"),
                new ParameterCatalog.ItemValue("display-id-unicode", null, "Desk 12"));
        assertThat(catalog.itemValues("diagnostics.trace-level.trace-level-65", null, "Debug"))
                .containsExactly(new ParameterCatalog.ItemValue("trace-level", 65, "Debug"));
        assertThat(catalog.itemValues("telephony.canonical-dial-lookup.international-code", 4, "+4989"))
                .containsExactly(new ParameterCatalog.ItemValue("Canonical-lookup-international-code", 4, "+4989"));
        assertThat(catalog.itemValues("features.door-opener.door-opener-name", null, "Door")).isEmpty();
    }

    @Test
    void rejectsAMappingForAnUnknownParameterOrOtherScopes() {
        String params = "section_path\tlabel\tscope\ttype\tallowed_values\tdefault\tcondition\tread_only\tguide_section\n"
                + "A > B\tC\tclient\tstring\t\t\t\tno\t1\n";
        String unknown = WpiMappingFile.HEADER + "\nx.y\tclient\tsome-item\tnone\t\titems.tsv\n";
        String scopes = WpiMappingFile.HEADER + "\na.b.c\tclient,template\tsome-item\tnone\t\titems.tsv\n";
        assertThatThrownBy(() -> ParameterCatalog.read(stream(params), stream(unknown))).hasMessageContaining("x.y");
        assertThatThrownBy(() -> ParameterCatalog.read(stream(params), stream(scopes))).hasMessageContaining("scopes");
    }

    private static java.io.InputStream stream(String s) {
        return new java.io.ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keysAreStableSlugs() {
        assertThat(ParameterCatalog.keyOf("General > General information", "Device type"))
                .isEqualTo("general.general-information.device-type");
        assertThat(ParameterCatalog.bundled().find("general.general-information.device-type", Scope.CLIENT))
                .get().extracting(CatalogEntry::readOnly).isEqualTo(true);
    }
}
