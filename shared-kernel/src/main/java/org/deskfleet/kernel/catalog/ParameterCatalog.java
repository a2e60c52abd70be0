package org.deskfleet.kernel.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration parameters of the product manual (chapters 7 and 13), one entry per parameter and
 * scope, loaded from the bundled {@code catalog/parameters.tsv}. A parameter's key is derived from its
 * section path and label, so it stays the same as long as the manual's wording does.
 */
public final class ParameterCatalog {

    public static final String RESOURCE = "/catalog/parameters.tsv";
    public static final String MAPPING_RESOURCE = "/catalog/wpi-mapping.tsv";
    private static volatile ParameterCatalog bundled;

    private final List<CatalogEntry> entries;
    private final Map<String, Map<Scope, CatalogEntry>> byKey;
    private final Map<String, List<String>> parametersByItem;

    private ParameterCatalog(List<CatalogEntry> entries) {
        this.entries = List.copyOf(entries);
        Map<String, Map<Scope, CatalogEntry>> keyed = new LinkedHashMap<>();
        Map<String, List<String>> byItem = new LinkedHashMap<>();
        for (CatalogEntry e : entries) {
            keyed.computeIfAbsent(e.key(), k -> new EnumMap<>(Scope.class)).put(e.scope(), e);
            for (String item : e.wpiItems()) {
                List<String> keys = byItem.computeIfAbsent(item, i -> new ArrayList<>());
                if (!keys.contains(e.key())) {
                    keys.add(e.key());
                }
            }
        }
        byItem.replaceAll((item, keys) -> List.copyOf(keys));
        this.byKey = Collections.unmodifiableMap(keyed);
        this.parametersByItem = Collections.unmodifiableMap(byItem);
    }

    public static ParameterCatalog bundled() {
        ParameterCatalog c = bundled;
        if (c == null) {
            try (InputStream in = resource(RESOURCE); InputStream mapping = resource(MAPPING_RESOURCE)) {
                c = read(in, mapping);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            bundled = c;
        }
        return c;
    }

    private static InputStream resource(String name) {
        InputStream in = ParameterCatalog.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("catalog resource " + name + " is missing");
        }
        return in;
    }

    /** The catalog with no WPI mapping: every parameter is stored, none deliverable. */
    public static ParameterCatalog read(InputStream in) throws IOException {
        return new ParameterCatalog(readEntries(in));
    }

    /** The catalog with its WPI mapping; a mapping row for an unknown key or other scopes fails the load. */
    public static ParameterCatalog read(InputStream in, InputStream mapping) throws IOException {
        List<CatalogEntry> entries = readEntries(in);
        Map<String, WpiMappingFile.Row> rows = WpiMappingFile.read(mapping);
        Map<String, List<String>> scopes = new LinkedHashMap<>();
        for (CatalogEntry e : entries) {
            scopes.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e.scope().name().toLowerCase(Locale.ROOT));
        }
        for (WpiMappingFile.Row row : rows.values()) {
            List<String> actual = scopes.get(row.parameter());
            if (actual == null) {
                throw new IOException("wpi mapping names " + row.parameter() + ", which is not in the catalog");
            }
            if (!new java.util.TreeSet<>(actual).equals(new java.util.TreeSet<>(row.scopes()))) {
                throw new IOException("wpi mapping gives " + row.parameter() + " scopes " + row.scopes()
                        + ", the catalog " + actual);
            }
        }
        List<CatalogEntry> mapped = entries.stream().map(e -> {
            WpiMappingFile.Row row = rows.get(e.key());
            return row == null ? e : new CatalogEntry(e.key(), e.sectionPath(), e.label(),
                    e.scope(), e.type(), e.allowedValues(), e.defaultValue(), e.condition(), e.readOnly(),
                    e.guideSection(), row.mapping());
        }).toList();
        return new ParameterCatalog(mapped);
    }

    private static List<CatalogEntry> readEntries(InputStream in) throws IOException {
        List<CatalogEntry> entries = new ArrayList<>();
        Map<String, String> keyOwner = new LinkedHashMap<>();
        TsvFile.read(in, "catalog", h -> h.startsWith("section_path\tlabel\tscope\ttype"), (lineNo, f) -> {
            if (f.length < 9) {
                throw new IOException("catalog line " + lineNo + " has " + f.length + " columns, expected 9");
            }
            List<String> allowed = f[4].isBlank() ? List.of()
                    : Arrays.stream(f[4].split("\\|")).map(String::strip).toList();
            String raw = f[0].strip() + "\u0000" + f[1].strip();
            String key = keyOf(f[0], f[1]);
            // Two labels that differ only in case or punctuation are distinct parameters: number the later one.
            for (int n = 2; keyOwner.containsKey(key) && !keyOwner.get(key).equals(raw); n++) {
                key = keyOf(f[0], f[1]) + "-" + n;
            }
            keyOwner.putIfAbsent(key, raw);
            entries.add(new CatalogEntry(key, f[0].strip(), f[1].strip(),
                    Scope.valueOf(f[2].strip().toUpperCase(Locale.ROOT)),
                    ParameterType.valueOf(f[3].strip().toUpperCase(Locale.ROOT)),
                    allowed, f[5], f[6], "yes".equalsIgnoreCase(f[7].strip()), f[8].strip()));
        });
        return entries;
    }

    /** {@code "General > General information" + "Device type"} becomes {@code general.general-information.device-type}. */
    static String keyOf(String sectionPath, String label) {
        StringBuilder key = new StringBuilder();
        for (String part : sectionPath.split(">")) {
            key.append(slug(part)).append('.');
        }
        return key.append(slug(label)).toString();
    }

    private static String slug(String s) {
        String ascii = Normalizer.normalize(s, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        return ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    public List<CatalogEntry> entries() {
        return entries;
    }

    public int parameterCount() {
        return byKey.size();
    }

    public Map<Scope, Long> countByScope() {
        Map<Scope, Long> counts = new EnumMap<>(Scope.class);
        for (CatalogEntry e : entries) {
            counts.merge(e.scope(), 1L, Long::sum);
        }
        return counts;
    }

    public Optional<CatalogEntry> find(String key, Scope scope) {
        return Optional.ofNullable(byKey.getOrDefault(key, Map.of()).get(scope));
    }

    /** Every scope row of a parameter, or empty when the key is unknown. */
    public Map<Scope, CatalogEntry> scopesOf(String key) {
        return byKey.getOrDefault(key, Map.of());
    }

    /** How a parameter reaches phones; {@link WpiMapping#NONE} for unknown or undeliverable parameters. */
    public WpiMapping mappingFor(String parameterKey) {
        return scopesOf(parameterKey).values().stream().map(CatalogEntry::wpi).filter(WpiMapping::deliverable)
                .findFirst().orElse(WpiMapping.NONE);
    }

    /** The WPI items that carry a parameter, written together; empty = not deliverable to phones. */
    public List<String> itemsFor(String parameterKey) {
        return mappingFor(parameterKey).items();
    }

    /** One item value as a phone is to be written: name, item index (null: none) and the coded value. */
    public record ItemValue(String name, Integer index, String value) {
    }

    /**
     * What writing a desired value means on the phone: every item that carries the parameter, at the index
     * its mapping gives, with the value coded where a code is known ({@code TLS} becomes {@code 2}). Empty
     * when the parameter is not deliverable.
     */
    public List<ItemValue> itemValues(String parameterKey, Integer parameterIndex, String catalogValue) {
        WpiMapping m = mappingFor(parameterKey);
        Integer index = m.itemIndex(parameterIndex).orElse(null);
        return m.items().stream().map(name -> new ItemValue(name, index, m.toItemValue(catalogValue))).toList();
    }

    public boolean deliverable(String parameterKey) {
        return mappingFor(parameterKey).deliverable();
    }

    /**
     * The parameters a WPI item carries (item names are case-sensitive, as phones send them). Usually one;
     * {@code e164} carries both the SIP and the HFA number, of which a phone has only one.
     */
    public List<String> parametersFor(String itemName) {
        return parametersByItem.getOrDefault(itemName, List.of());
    }

    /**
     * The parameter a reported item carries: for a family sharing one indexed item ({@code trace-level}) the
     * one with that index, otherwise the first that carries the item.
     */
    public Optional<String> parameterFor(String itemName, Integer itemIndex) {
        List<String> keys = parametersFor(itemName);
        return keys.stream()
                .filter(k -> mappingFor(k).index() instanceof WpiMapping.IndexRule.Fixed f
                        ? itemIndex != null && f.index() == itemIndex : true)
                .findFirst();
    }

    /** Every item name the mapping knows. */
    public java.util.Set<String> mappedItems() {
        return parametersByItem.keySet();
    }

    /** Catalog rows per scope that some WPI item carries, and those none does. */
    public record Coverage(long mapped, long unmapped) {
        public long total() {
            return mapped + unmapped;
        }
    }

    public Map<Scope, Coverage> coverageByScope() {
        Map<Scope, Coverage> coverage = new EnumMap<>(Scope.class);
        for (CatalogEntry e : entries) {
            coverage.merge(e.scope(), e.deliverable() ? new Coverage(1, 0) : new Coverage(0, 1),
                    (a, b) -> new Coverage(a.mapped() + b.mapped(), a.unmapped() + b.unmapped()));
        }
        return coverage;
    }
}
