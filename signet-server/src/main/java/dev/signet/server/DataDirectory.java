package dev.signet.server;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the data directory (embedded database, generated key-encryption key, admin credential) to
 * its owner: the directory 0700 and the files in it 0600, on file systems with POSIX permissions
 * (elsewhere it only creates the directory).
 *
 * <p>Permissions are set explicitly after creation, so the process umask changes nothing. An existing
 * directory or entry that is looser loses its group and other permissions; the owner's own bits are
 * left as they are, so a file the operator keeps there does not lose its execute bit. Entries directly
 * in the directory are tightened, never what lies further down (the directory's 0700 guards that);
 * symbolic links in it are left alone. The directory is tightened before its entries, so nobody else
 * can put an entry there while they are.
 */
public final class DataDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);

    static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    private static final Set<PosixFilePermission> GROUP_AND_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private DataDirectory() {}

    /**
     * Creates {@code dir} (0700), or tightens it and the entries in it; one warning names what was
     * tightened. Call before anything is created in it.
     */
    public static void secure(Path dir) throws IOException {
        secure(dir, LOG::warn);
    }

    static void secure(Path dir, Consumer<String> warn) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            if (posix(dir)) {
                Files.setPosixFilePermissions(dir, OWNER_DIRECTORY);
            }
            return;
        }
        if (!posix(dir)) {
            return;
        }
        List<String> changed = new ArrayList<>();
        tighten(dir, "the directory", changed);
        tightenEntries(dir, changed);
        if (!changed.isEmpty()) {
            warn.accept("the data directory " + dir + " was readable by others: removed group and other access from "
                    + String.join(", ", changed));
        }
    }

    /**
     * Tightens the entries the embedded database created in {@code dir} since {@link #secure}: it
     * creates its files with the umask's permissions. Expected at every first start, so not logged.
     */
    public static void tightenFiles(Path dir) throws IOException {
        if (Files.isDirectory(dir) && posix(dir)) {
            List<String> changed = new ArrayList<>();
            tightenEntries(dir, changed);
            if (!changed.isEmpty()) {
                LOG.debug("tightened the permissions of {} in {}", changed, dir);
            }
        }
    }

    /**
     * Creates a file only its owner can read and write (0600 whatever the umask), to write a secret
     * into; on a file system without POSIX permissions, a plain new file.
     */
    public static void createOwnerOnlyFile(Path file) throws IOException {
        FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_FILE);
        try {
            Files.createFile(file, ownerOnly);
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
            return;
        }
        // The umask may have taken bits from the attribute (a umask of 0277 leaves 0400, not writable).
        Files.setPosixFilePermissions(file, OWNER_FILE);
    }

    private static void tightenEntries(Path dir, List<String> changed) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (!Files.isSymbolicLink(entry)) {
                    tighten(entry, entry.getFileName().toString(), changed);
                }
            }
        }
    }

    private static void tighten(Path path, String name, List<String> changed) throws IOException {
        Set<PosixFilePermission> before = Files.getPosixFilePermissions(path);
        Set<PosixFilePermission> after = EnumSet.noneOf(PosixFilePermission.class);
        after.addAll(before);
        after.removeAll(GROUP_AND_OTHER);
        if (!after.equals(before)) {
            Files.setPosixFilePermissions(path, after);
            changed.add(name + " (was " + PosixFilePermissions.toString(before) + ")");
        }
    }

    private static boolean posix(Path path) {
        return Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
    }
}
