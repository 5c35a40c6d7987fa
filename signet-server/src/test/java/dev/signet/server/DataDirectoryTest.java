package dev.signet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory and what is in it stay readable by their owner alone, whatever was there before. */
class DataDirectoryTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void posixOnly() {
        assumeTrue(Files.getFileAttributeView(tmp, PosixFileAttributeView.class) != null, "needs POSIX permissions");
    }

    @Test
    void aNewDirectoryIsOwnerOnlyAndNotLogged() throws IOException {
        Path dir = tmp.resolve("a/b/signet-data");
        List<String> log = new ArrayList<>();
        DataDirectory.secure(dir, log::add);
        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(log).isEmpty();
    }

    @Test
    void aLooseDirectoryAndItsEntriesAreTightenedWithOneLogLine() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("signet-data"));
        chmod(dir, "rwxr-xr-x");
        Path kek = file(dir.resolve("kek"), "rw-r--r--");
        Path credential = file(dir.resolve("admin-credential"), "rw-rw-rw-");
        Path tight = file(dir.resolve("signet.db"), "rw-------");
        Path script = file(dir.resolve("backup.sh"), "rwxr-xr-x");
        Path sub = Files.createDirectory(dir.resolve("old"));
        chmod(sub, "rwxrwxr-x");
        Path deeper = file(sub.resolve("inside"), "rw-r--r--");
        Path outside = file(tmp.resolve("outside"), "rw-r--r--");
        Files.createSymbolicLink(dir.resolve("link"), outside);

        List<String> log = new ArrayList<>();
        DataDirectory.secure(dir, log::add);

        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(mode(kek)).isEqualTo("rw-------");
        assertThat(mode(credential)).isEqualTo("rw-------");
        assertThat(mode(tight)).isEqualTo("rw-------");
        assertThat(mode(script)).as("the owner's bits are kept").isEqualTo("rwx------");
        assertThat(mode(sub)).isEqualTo("rwx------");
        assertThat(mode(deeper)).as("below an entry: guarded by the directory").isEqualTo("rw-r--r--");
        assertThat(mode(outside)).as("a link's target is not ours").isEqualTo("rw-r--r--");
        assertThat(log).hasSize(1);
        assertThat(log.get(0))
                .startsWith(
                        "the data directory " + dir + " was readable by others: removed group and other access from ")
                .contains("the directory (was rwxr-xr-x)")
                .contains("kek (was rw-r--r--)")
                .contains("admin-credential (was rw-rw-rw-)")
                .contains("backup.sh (was rwxr-xr-x)")
                .contains("old (was rwxrwxr-x)")
                .doesNotContain("signet.db")
                .doesNotContain("inside")
                .doesNotContain("link");

        log.clear();
        DataDirectory.secure(dir, log::add);
        assertThat(log).as("nothing left to tighten").isEmpty();
    }

    @Test
    void tighteningTheDatabaseFilesLogsNothing() throws IOException {
        Path dir = tmp.resolve("signet-data");
        DataDirectory.secure(dir);
        Path db = file(dir.resolve("signet.db"), "rw-r--r--");
        DataDirectory.tightenFiles(dir);
        assertThat(mode(db)).isEqualTo("rw-------");
    }

    @Test
    void anOwnerOnlyFileIs0600() throws IOException {
        Path f = tmp.resolve("secret");
        DataDirectory.createOwnerOnlyFile(f);
        assertThat(mode(f)).isEqualTo("rw-------");
    }

    @Test
    void aFirstStartLeavesTheDirectoryTheKekTheAdminCredentialAndTheDatabaseOwnerOnly() throws IOException {
        Path dir = tmp.resolve("signet-data");
        String sqlite = "jdbc:sqlite:" + dir.resolve("signet.db");
        try (TestServer server = TestServer.start("", sqlite, dir, MutableClock.startingNow(), Map.of())) {
            assertThat(server.server().adminCredentialFile()).isPresent();
            assertOwnerOnly(dir);
        }
        // Loosened while stopped: the next start tightens everything again.
        chmod(dir, "rwxr-xr-x");
        chmod(dir.resolve("kek"), "rw-r--r--");
        chmod(dir.resolve("admin-credential"), "rw-r--r--");
        chmod(dir.resolve("signet.db"), "rw-rw-rw-");
        try (TestServer server = TestServer.start("", sqlite, dir, MutableClock.startingNow(), Map.of())) {
            assertThat(server.server().adminCredentialFile())
                    .as("created at the first start only")
                    .isEmpty();
            assertOwnerOnly(dir);
        }
    }

    private static void assertOwnerOnly(Path dir) throws IOException {
        assertThat(mode(dir)).isEqualTo("rwx------");
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path e : entries) {
                names.add(e.getFileName().toString());
                assertThat(mode(e)).as(e.toString()).isEqualTo("rw-------");
            }
        }
        assertThat(names).contains("kek", "admin-credential", "signet.db");
    }

    private static Path file(Path p, String mode) throws IOException {
        Files.writeString(p, "x");
        chmod(p, mode);
        return p;
    }

    private static void chmod(Path p, String mode) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
