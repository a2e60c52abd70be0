package org.deskfleet.wpi.server.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only the server's own user may read: keys, the device CA. Created with owner-only permissions from
 * the first byte (a temporary file made 0600, written, then moved into place atomically: never readable by
 * others, never half-written), in folders made 0700; and checked when read, so a key left readable by
 * others stops the start with a sentence saying how to fix it instead of being used.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> OTHERS = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {
    }

    /** Creates the folder (and missing parents) 0700, or checks that an existing one is the owner's only. */
    public static void folder(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                if (posix(dir.toAbsolutePath().getRoot())) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            check(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder " + dir, e);
        }
    }

    /** Writes a new private file; refuses to replace one that exists. */
    public static void create(Path file, byte[] content) {
        create(file, content, "rw-------");
    }

    /**
     * Writes a new file others may read (a certificate), whole or not at all, like {@link #create}: a reader (the CLI,
     * a probe, a client trusting it) never sees it half-written, and a crash never leaves a truncated one behind.
     */
    public static void createReadable(Path file, byte[] content) {
        create(file, content, "rw-r--r--");
    }

    private static void create(Path file, byte[] content, String permissions) {
        folder(file.toAbsolutePath().getParent());
        Path dir = file.toAbsolutePath().getParent();
        Path temp = null;
        try {
            temp = posix(dir)
                    ? Files.createTempFile(dir, ".new-", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)))
                    : Files.createTempFile(dir, ".new-", ".tmp");
            Files.write(temp, content);
            try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            if (Files.exists(file)) {
                throw new FileAlreadyExistsException(file.toString());
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            temp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a stray temporary file is owner-only and harmless
                }
            }
        }
    }

    /** Reads a private file after checking that neither it nor its folder is open to others. */
    public static byte[] read(Path file) {
        check(file.toAbsolutePath().getParent());
        check(file);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Refuses a file or folder that group or others may use (on POSIX file systems). */
    public static void check(Path path) {
        if (!posix(path)) {
            return;
        }
        try {
            Set<PosixFilePermission> granted = Files.getPosixFilePermissions(path);
            if (granted.stream().anyMatch(OTHERS::contains)) {
                throw new IllegalStateException(path + " is open to other users (" + PosixFilePermissions.toString(granted)
                        + "); it holds keys: make it the owner's only (chmod " + (Files.isDirectory(path) ? "700" : "600")
                        + " " + path + ") and start again");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check the permissions of " + path, e);
        }
    }

    private static boolean posix(Path path) {
        return path != null && Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
    }
}
