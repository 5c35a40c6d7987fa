package dev.signet.server.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the H2 store an earlier version kept in the data directory ({@code signet.mv.db}) into a
 * new SQLite store beside it ({@code signet.db}): at the first start, every row of every table in
 * one transaction, then the old file is renamed {@code signet.mv.db.imported}. A SQLite store that
 * already holds data is never written over: with an old file still beside it, start-up stops.
 */
final class StoreImport {

    private static final Logger LOG = LoggerFactory.getLogger(StoreImport.class);

    /** The tables, parents before the tables that refer to them; the schema history is SQLite's own. */
    static final List<String> TABLES = List.of(
            "tenants",
            "signing_keys",
            "clients",
            "audit_events",
            "opaque_tokens",
            "revocations",
            "admin_credentials",
            "client_assertions");

    private static final int BATCH = 1_000;

    private final Path h2File;
    private final Path sqliteFile;

    private StoreImport(Path h2File, Path sqliteFile) {
        this.h2File = h2File;
        this.sqliteFile = sqliteFile;
    }

    /**
     * The import to run for a SQLite URL {@code jdbc:sqlite:<dir>/<name>.db}: when {@code
     * <dir>/<name>.mv.db} exists (the H2 store of an earlier version), else none.
     */
    static Optional<StoreImport> pending(String url) {
        String path = url.substring("jdbc:sqlite:".length());
        if (!path.endsWith(".db") || path.contains("?") || path.startsWith("file:") || path.contains(":memory:")) {
            return Optional.empty();
        }
        Path sqlite = Path.of(path);
        Path h2 = sqlite.resolveSibling(sqlite.getFileName().toString().replaceFirst("\\.db$", "") + ".mv.db");
        return Files.isRegularFile(h2) ? Optional.of(new StoreImport(h2, sqlite)) : Optional.empty();
    }

    /** Copies the H2 store into {@code db} (freshly migrated) and renames the H2 file; refuses a store with data. */
    void copyInto(Database db) {
        long rows;
        try (Connection h2 = openH2();
                Connection target = db.dataSource().getConnection()) {
            target.setAutoCommit(false);
            try {
                try (Statement st = target.createStatement()) {
                    st.execute("DELETE FROM admin_credentials WHERE 0 = 1"); // the write lock, first
                    try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM tenants")) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            throw new IllegalStateException(refusal());
                        }
                    }
                }
                rows = copyTables(h2, target);
                target.commit();
            } catch (SQLException | RuntimeException e) {
                target.rollback();
                throw e;
            } finally {
                target.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot import the earlier H2 store " + h2File + " into " + sqliteFile + ": " + e.getMessage(), e);
        }
        Path done = h2File.resolveSibling(h2File.getFileName() + ".imported");
        try {
            Files.move(h2File, done, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "imported " + h2File + " into " + sqliteFile + " but cannot rename it to " + done + ": " + e, e);
        }
        LOG.info("imported {} rows from the earlier H2 store into {}; the old file is now {}", rows, sqliteFile, done);
    }

    private String refusal() {
        return sqliteFile + " already holds data and the earlier H2 store " + h2File
                + " is still beside it: move " + h2File.getFileName()
                + " away to keep the SQLite store, or delete " + sqliteFile.getFileName()
                + " (and its -wal and -shm files) to import the H2 store again";
    }

    private Connection openH2() throws SQLException {
        String name = h2File.getFileName().toString().replaceFirst("\\.mv\\.db$", "");
        // The user of the H2 default of earlier versions; IFEXISTS: never create an empty one.
        String url = "jdbc:h2:file:" + h2File.resolveSibling(name).toAbsolutePath() + ";IFEXISTS=TRUE";
        return DriverManager.getConnection(url, "sa", "");
    }

    private static long copyTables(Connection h2, Connection target) throws SQLException {
        long rows = 0;
        for (String table : TABLES) {
            Set<String> from = columns(h2, table);
            if (from.isEmpty()) {
                continue; // an older schema without this table
            }
            Set<String> columns = columns(target, table);
            columns.retainAll(from);
            rows += copy(h2, target, table, new ArrayList<>(columns));
        }
        return rows;
    }

    private static long copy(Connection h2, Connection target, String table, List<String> columns) throws SQLException {
        String list = String.join(", ", columns);
        String marks = String.join(", ", columns.stream().map(c -> "?").toList());
        long n = 0;
        try (Statement read = h2.createStatement();
                ResultSet rs = read.executeQuery("SELECT " + list + " FROM " + table);
                PreparedStatement write =
                        target.prepareStatement("INSERT INTO " + table + " (" + list + ") VALUES (" + marks + ")")) {
            while (rs.next()) {
                for (int i = 1; i <= columns.size(); i++) {
                    Object v = rs.getObject(i);
                    if (v instanceof OffsetDateTime t) {
                        write.setString(i, SqliteSettings.text(t.toInstant()));
                    } else {
                        write.setObject(i, v);
                    }
                }
                write.addBatch();
                if (++n % BATCH == 0) {
                    write.executeBatch();
                }
            }
            write.executeBatch();
        }
        return n;
    }

    /** A table's column names in lower case, empty when the table does not exist. */
    private static Set<String> columns(Connection c, String table) throws SQLException {
        Set<String> names = new LinkedHashSet<>();
        DatabaseMetaData meta = c.getMetaData();
        for (String t : List.of(table, table.toUpperCase(Locale.ROOT))) {
            try (ResultSet rs = meta.getColumns(null, null, t, null)) {
                while (rs.next()) {
                    String schema = rs.getString("TABLE_SCHEM");
                    if (schema == null || schema.equalsIgnoreCase("PUBLIC") || schema.equalsIgnoreCase("main")) {
                        names.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                    }
                }
            }
            if (!names.isEmpty()) {
                break;
            }
        }
        return names;
    }
}
