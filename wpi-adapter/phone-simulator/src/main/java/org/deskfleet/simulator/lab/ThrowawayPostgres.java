package org.deskfleet.simulator.lab;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the test's own: {@code initdb} into a temporary directory, a free loopback port, its
 * socket in that directory, stopped and deleted at the end. PostgreSQL refuses to run as root, so under root
 * it runs as the {@code postgres} (or {@code nobody}) account. Skipped, with the reason, when the server
 * binaries are not installed ({@code apt-get install postgresql}): {@link #unavailable()} says why.
 * For the two-node tests and the two-node benchmark.
 */
public final class ThrowawayPostgres implements AutoCloseable {

    public static final String USER = "deskfleet";
    public static final String DATABASE = "deskfleet";

    private final Path bin;
    private final Path dir;
    private final List<String> runAs;
    private final int port;

    private ThrowawayPostgres(Path bin, Path dir, List<String> runAs, int port) {
        this.bin = bin;
        this.dir = dir;
        this.runAs = runAs;
        this.port = port;
    }

    /** Why a cluster cannot be started here, or null if it can. */
    public static String unavailable() throws IOException, InterruptedException {
        if (binaries() == null) {
            return "PostgreSQL server binaries (initdb, pg_ctl) are not installed: apt-get install postgresql (.ci/run does)";
        }
        if (isRoot() && account() == null) {
            return "running as root, and no postgres/nobody account with runuser to run PostgreSQL as (it refuses root)";
        }
        return null;
    }

    private static String account() throws IOException, InterruptedException {
        String account = accountExists("postgres") ? "postgres" : accountExists("nobody") ? "nobody" : null;
        boolean runuser = Files.isExecutable(Path.of("/usr/sbin/runuser")) || Files.isExecutable(Path.of("/sbin/runuser"));
        return runuser ? account : null;
    }

    public static ThrowawayPostgres start() throws IOException, InterruptedException, SQLException {
        String why = unavailable();
        if (why != null) {
            throw new IOException(why);
        }
        Path bin = binaries();
        List<String> runAs = new ArrayList<>();
        Path dir = Files.createTempDirectory("deskfleet-pg");
        if (isRoot()) {
            String account = account();
            runAs.addAll(List.of("runuser", "-u", account, "--"));
            run(List.of("chown", "-R", account, dir.toString()), Path.of("."));
        }
        int port = freePort();
        ThrowawayPostgres pg = new ThrowawayPostgres(bin, dir, runAs, port);
        pg.as(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER,
                "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"));
        pg.as(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off "
                        + "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100", "start"));
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE);
        }
        return pg;
    }

    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** The newest installed server's binaries (Debian: /usr/lib/postgresql/N/bin), or on the PATH. */
    private static Path binaries() {
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Path newest = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparingInt(b -> version(b.getParent().getFileName().toString()))).orElse(null);
                if (newest != null) {
                    return newest;
                }
            } catch (IOException ignored) {
                // fall through to the PATH
            }
        }
        for (String p : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path b = Path.of(p);
            if (Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl"))) {
                return b;
            }
        }
        return null;
    }

    private static int version(String name) {
        try {
            return Integer.parseInt(name.replaceAll("[^0-9].*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean accountExists(String name) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("id", "-u", name).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private void as(List<String> command) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(runAs);
        all.addAll(command);
        run(all, dir);
    }

    private static void run(List<String> command, Path workDir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            as(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"));
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
