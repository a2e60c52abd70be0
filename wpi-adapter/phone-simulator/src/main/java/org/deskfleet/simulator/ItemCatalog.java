package org.deskfleet.simulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The item templates of {@code simulator/phone-items.tsv}, loaded once per JVM. */
final class ItemCatalog {

    static final String RESOURCE = "simulator/phone-items.tsv";

    /** One row: a {@code {placeholder}} in {@code value} is filled per phone. */
    record Template(String name, Integer index, boolean startup, String value, String status) {
        String key() {
            return index == null ? name : name + "#" + index;
        }
    }

    private static final List<Template> TEMPLATES = load();

    private ItemCatalog() {
    }

    static List<Template> templates() {
        return TEMPLATES;
    }

    private static List<Template> load() {
        InputStream in = ItemCatalog.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("resource " + RESOURCE + " is missing from the class path");
        }
        List<Template> out = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int lineNo = 0;
            boolean header = true;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) { // the column names
                    header = false;
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length < 4) {
                    throw new IllegalStateException(RESOURCE + ":" + lineNo + ": expected at least 4 columns");
                }
                Integer index = f[1].isBlank() ? null : Integer.valueOf(f[1].strip());
                String status = f.length > 4 && !f[4].isBlank() ? f[4].strip() : null;
                Template t = new Template(f[0].strip(), index, "yes".equalsIgnoreCase(f[2].strip()), f[3], status);
                if (!keys.add(t.key())) {
                    throw new IllegalStateException(RESOURCE + ":" + lineNo + ": duplicate item " + t.key());
                }
                out.add(t);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(out);
    }
}
