package org.deskfleet.kernel.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
    private static volatile ParameterCatalog bundled;

    private final List<CatalogEntry> entries;
    private final Map<String, Map<Scope, CatalogEntry>> byKey;

    private ParameterCatalog(List<CatalogEntry> entries) {
        this.entries = List.copyOf(entries);
        Map<String, Map<Scope, CatalogEntry>> keyed = new LinkedHashMap<>();
        for (CatalogEntry e : entries) {
            keyed.computeIfAbsent(e.key(), k -> new EnumMap<>(Scope.class)).put(e.scope(), e);
        }
        this.byKey = Collections.unmodifiableMap(keyed);
    }

    public static ParameterCatalog bundled() {
        ParameterCatalog c = bundled;
        if (c == null) {
            try (InputStream in = ParameterCatalog.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("catalog resource " + RESOURCE + " is missing");
                }
                c = read(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            bundled = c;
        }
        return c;
    }

    public static ParameterCatalog read(InputStream in) throws IOException {
        List<CatalogEntry> entries = new ArrayList<>();
        Map<String, String> keyOwner = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = r.readLine();
            if (header == null || !header.startsWith("section_path\tlabel\tscope\ttype")) {
                throw new IOException("unexpected catalog header: " + header);
            }
            String line;
            int lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
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
            }
        }
        return new ParameterCatalog(entries);
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
}
