package dev.signet.cli.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes key files. A private key's file is created with mode 0600 (never widened and narrowed
 * later); an existing file is replaced only when asked, through a new file renamed over it, so a
 * failure never leaves a half-written key.
 */
public final class PrivateFiles {

    private PrivateFiles() {}

    /** Fails early, before anything is written, when {@code path} cannot be written as asked. */
    public static void checkWritable(Path path, boolean force) {
        Path target = path.toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw CommandFailure.usage(path + " is a directory");
        }
        if (!force && Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw CommandFailure.usage(path + " exists; choose another file or pass --force to replace it");
        }
        Path dir = target.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw CommandFailure.usage("no such directory: " + dir);
        }
    }

    /** Writes {@code text} to {@code path}; {@code secret} files get mode 0600. */
    public static void write(Path path, String text, boolean secret, boolean force) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        checkWritable(path, force);
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = null;
        try {
            tmp = createFile(dir, "." + target.getFileName() + ".", secret);
            try (SeekableByteChannel ch = Files.newByteChannel(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
            if (force) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                // A hard link fails if the name was taken meanwhile; a rename would silently replace it.
                try {
                    Files.createLink(target, tmp);
                    Files.delete(tmp);
                } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
                    if (e instanceof FileAlreadyExistsException) {
                        throw CommandFailure.usage(path + " exists; choose another file or pass --force to replace it");
                    }
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            tmp = null;
        } catch (IOException e) {
            throw CommandFailure.usage("cannot write " + path + ": " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary name starts with a dot and holds nothing else
                }
            }
        }
    }

    private static Path createFile(Path dir, String prefix, boolean secret) throws IOException {
        if (dir != null && !Files.isDirectory(dir)) {
            throw CommandFailure.usage("no such directory: " + dir);
        }
        boolean posix = (dir == null ? Path.of(".") : dir)
                .getFileSystem()
                .supportedFileAttributeViews()
                .contains("posix");
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--"))
                }
                : new FileAttribute<?>[0];
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        for (int attempt = 0; ; attempt++) {
            Path tmp = (dir == null ? Path.of("") : dir)
                    .resolve(prefix + Long.toHexString(System.nanoTime()) + attempt + ".tmp");
            try {
                Files.newByteChannel(tmp, options, attrs).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 10) {
                    throw e;
                }
            }
        }
    }
}
