package org.deskfleet.tools.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A benchmark's own data directory, when the operator names none: removed when the benchmark's process ends (however
 * it ends, Ctrl-C included). A fleet of 100,000 phones leaves gigabytes behind otherwise, run after run.
 */
final class BenchData {

    private BenchData() {
    }

    static Path temporary(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> remove(dir), "remove " + dir.getFileName()));
        return dir;
    }

    private static void remove(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // what another process still holds stays; the rest goes
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not remove " + dir + ": " + e.getMessage());
        }
    }
}
