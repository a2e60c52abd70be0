package org.deskfleet.kernel.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/** The bundled data files: a header line, then tab-separated rows; blank lines are skipped. */
final class TsvFile {

    /** One row with its line number (the header is line 1), for error messages that point at the file. */
    interface Row {
        void accept(int lineNo, String[] fields) throws IOException;
    }

    private TsvFile() {
    }

    static void read(InputStream in, String what, Predicate<String> header, Row row) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String first = r.readLine();
            if (first == null || !header.test(first)) {
                throw new IOException("unexpected " + what + " header: " + first);
            }
            String line;
            int lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (!line.isBlank()) {
                    row.accept(lineNo, line.split("\t", -1));
                }
            }
        }
    }
}
