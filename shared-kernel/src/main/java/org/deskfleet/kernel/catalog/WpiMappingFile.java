package org.deskfleet.kernel.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code catalog/wpi-mapping.tsv}: parameter key, its scopes (for review; checked against the
 * catalog), the WPI item names, the index rule ({@code none}, {@code index}, {@code fixed:N}), value codes
 * ({@code UDP=0|TCP=1}) and the evidence for the match.
 */
final class WpiMappingFile {

    static final String HEADER = "parameter\tscopes\twpi_items\tindex\tvalue_codes\tevidence";

    record Row(String parameter, List<String> scopes, WpiMapping mapping) {
    }

    private WpiMappingFile() {
    }

    static Map<String, Row> read(InputStream in) throws IOException {
        Map<String, Row> rows = new LinkedHashMap<>();
        TsvFile.read(in, "wpi mapping", HEADER::equals, (lineNo, f) -> {
            if (f.length != 6 || f[0].isBlank() || f[2].isBlank() || f[5].isBlank()) {
                throw new IOException("wpi mapping line " + lineNo + ": expected parameter, scopes, items, index, codes, evidence");
            }
            List<String> items = split(f[2], ",");
            WpiMapping mapping = new WpiMapping(items, indexRule(f[3].strip(), lineNo), codes(f[4], lineNo), f[5].strip());
            if (rows.put(f[0].strip(), new Row(f[0].strip(), split(f[1], ","), mapping)) != null) {
                throw new IOException("wpi mapping line " + lineNo + ": " + f[0] + " is mapped twice");
            }
        });
        return rows;
    }

    private static WpiMapping.IndexRule indexRule(String s, int lineNo) throws IOException {
        if (s.equals("none")) {
            return new WpiMapping.IndexRule.None();
        }
        if (s.equals("index")) {
            return new WpiMapping.IndexRule.SameIndex();
        }
        if (s.matches("fixed:\\d{1,4}")) {
            return new WpiMapping.IndexRule.Fixed(Integer.parseInt(s.substring("fixed:".length())));
        }
        throw new IOException("wpi mapping line " + lineNo + ": index rule '" + s + "' is not none, index or fixed:N");
    }

    private static Map<String, String> codes(String s, int lineNo) throws IOException {
        Map<String, String> codes = new LinkedHashMap<>();
        for (String pair : split(s, "\\|")) {
            int eq = pair.lastIndexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IOException("wpi mapping line " + lineNo + ": value code '" + pair + "' is not value=code");
            }
            codes.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return codes;
    }

    private static List<String> split(String s, String separator) {
        return s.isBlank() ? List.of() : Arrays.stream(s.split(separator)).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }
}
