package dev.signet.server;

import dev.signet.server.store.Database;
import dev.signet.server.store.TenantStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases the store and end-to-end tests run on: a SQLite file of its own per test (in a
 * temporary folder deleted at exit; a file, not memory, so every pooled connection sees the same
 * database in WAL mode as the server does), and a fresh schema on the PostgreSQL server named by
 * {@code SIGNET_TEST_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}).
 */
public final class TestDatabases {

    /** A database for one test: its JDBC URL and what to call it in test names. */
    public record TestDb(String kind, String url) {
        @Override
        public String toString() {
            return kind;
        }
    }

    private static final String PG_URL =
            System.getenv().getOrDefault("SIGNET_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static final List<String> CREATED = new ArrayList<>();
    private static Boolean pgReachable;
    private static Path sqliteDir;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropSchemas));
    }

    private TestDatabases() {}

    /** Both kinds, for parameterized tests; PostgreSQL is resolved (or skipped) when used. */
    public static List<String> kinds() {
        return List.of("SQLite", "PostgreSQL");
    }

    public static TestDb create(String kind) {
        return kind.equals("SQLite") ? sqlite() : postgres();
    }

    /** A fresh database of that kind, opened with a pool of that size, holding tenant "t" (ES256, 10-min tokens). */
    public static Database openWithTenant(String kind, int poolSize, Instant now) {
        Database db = Database.open(create(kind).url(), null, null, poolSize);
        new TenantStore(db).upsert(new TenantStore.Tenant("t", "ES256", Duration.ofMinutes(10)), now);
        return db;
    }

    public static synchronized TestDb sqlite() {
        try {
            if (sqliteDir == null) {
                sqliteDir = Files.createTempDirectory("signet-test-sqlite");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestDb("SQLite", "jdbc:sqlite:" + sqliteDir.resolve("signet-" + UUID.randomUUID() + ".db"));
    }

    /** A fresh schema on the test PostgreSQL server, or the test is skipped with how to enable it. */
    public static synchronized TestDb postgres() {
        if (pgReachable == null) {
            try (Connection c = DriverManager.getConnection(PG_URL)) {
                pgReachable = c.isValid(2);
            } catch (SQLException e) {
                pgReachable = false;
            }
        }
        Assumptions.assumeTrue(
                pgReachable,
                "PostgreSQL not reachable at " + PG_URL
                        + "; start it (e.g. .ci/run does) or set SIGNET_TEST_PG_URL to a JDBC URL with user and"
                        + " password");
        String schema = "signet_test_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(PG_URL);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test schema " + schema, e);
        }
        CREATED.add(schema);
        return new TestDb("PostgreSQL", PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    }

    private static synchronized void dropSchemas() {
        if (sqliteDir != null) {
            try (Stream<Path> files = Files.list(sqliteDir)) {
                files.forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // best effort: the folder is in the temporary directory
            }
            sqliteDir.toFile().delete();
        }
        if (CREATED.isEmpty()) {
            return;
        }
        try (Connection c = DriverManager.getConnection(PG_URL);
                Statement s = c.createStatement()) {
            for (String schema : CREATED) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        } catch (SQLException e) {
            // best effort: leftover schemas are named signet_test_* and safe to drop by hand
        }
    }
}
