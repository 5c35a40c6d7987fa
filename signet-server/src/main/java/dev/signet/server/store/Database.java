package dev.signet.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** The connection pool, the schema (migrated by Flyway at open) and the JDBI handle factory. */
public final class Database implements AutoCloseable {

    /**
     * The newest migration in {@code db/migration} ({@code V<n>__...sql}); a test keeps it in step.
     * When the schema history says exactly this version was applied and nothing failed, start-up
     * skips Flyway (its class-path scan and validation cost seconds on a small machine).
     */
    static final int SCHEMA_VERSION = 9;

    /**
     * How long a request waits for a pool connection while the database is thought to be up, as
     * before: long enough for a burst to queue. It waits in slices of {@link #POOL_WAIT_SLICE}, so
     * a request already waiting when an outage is detected is answered within one slice.
     */
    static final Duration POOL_WAIT = Duration.ofSeconds(5);

    static final Duration POOL_WAIT_SLICE = Duration.ofMillis(250);

    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final String product;
    private final String url;
    private final Properties credentials;
    private final DatabaseHealth health;

    private Database(HikariDataSource pool, String url, Properties credentials) {
        this.pool = pool;
        this.url = url;
        this.credentials = credentials;
        this.health = new DatabaseHealth(this);
        this.jdbi = Jdbi.create(new GatedDataSource(pool, health));
        if (vendor(url).equals(SQLITE)) {
            SqliteSettings.bindTimesAsText(jdbi);
        }
        this.product = jdbi.withHandle(h -> {
            try {
                return h.getConnection().getMetaData().getDatabaseProductName();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("the database does not describe itself", e);
            }
        });
    }

    /**
     * Opens the pool and brings the schema up to date; SQLite and PostgreSQL run the same migrations
     * (db/migration), and each its own few (db/vendor/&lt;vendor&gt;) where their SQL differs.
     */
    public static Database open(String url, String user, String password, int poolSize) {
        boolean sqlite = vendor(url).equals(SQLITE);
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        if (user != null) {
            hc.setUsername(user);
        }
        if (password != null) {
            hc.setPassword(password);
        }
        Properties credentials = new Properties();
        if (user != null) {
            credentials.setProperty("user", user);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
        if (sqlite) {
            credentials.putAll(SqliteSettings.connection());
            SqliteSettings.connection().forEach((k, v) -> hc.addDataSourceProperty((String) k, v));
        }
        int size = sqlite ? Math.min(poolSize, SqliteSettings.MAX_POOL_SIZE) : poolSize;
        hc.setMaximumPoolSize(size);
        hc.setMinimumIdle(Math.min(2, size));
        hc.setPoolName("signet-db");
        hc.setConnectionTimeout(POOL_WAIT_SLICE.toMillis());
        hc.setValidationTimeout(POOL_WAIT_SLICE.toMillis());
        hc.setInitializationFailTimeout(5_000);
        Optional<StoreImport> previous = sqlite ? StoreImport.pending(url) : Optional.empty();
        HikariDataSource pool = new HikariDataSource(hc);
        DataSource patient = new GatedDataSource(pool, null); // the pool's slices, up to POOL_WAIT
        try {
            if (!schemaIsCurrent(patient)) {
                // db/vendor/<vendor>: what one database has and the other does not (PostgreSQL's
                // change notifications, SQLite's own forms of two early migrations); each vendor's
                // folder has the same versions.
                Flyway.configure()
                        .dataSource(patient)
                        .locations("classpath:db/migration", "classpath:db/vendor/" + vendor(url))
                        .failOnMissingLocations(true)
                        .load()
                        .migrate();
            }
            Database db = new Database(pool, url, credentials);
            previous.ifPresent(p -> p.copyInto(db));
            return db;
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    static final String SQLITE = "sqlite";

    /** The folder of a database's own migrations: {@code postgresql} or {@code sqlite} (the URLs accepted). */
    static String vendor(String url) {
        return url.startsWith("jdbc:postgresql:") ? "postgresql" : SQLITE;
    }

    /**
     * Whether Flyway's history records every migration up to {@link #SCHEMA_VERSION}, none newer and
     * none failed. Anything else (a new database, an older or newer schema, a failed migration)
     * goes through Flyway, which migrates or refuses as before.
     */
    static boolean schemaIsCurrent(javax.sql.DataSource ds) {
        try (java.sql.Connection c = ds.getConnection();
                java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\""
                        + " WHERE \"version\" IS NOT NULL")) {
            java.util.Set<Integer> applied = new java.util.HashSet<>();
            while (rs.next()) {
                if (!rs.getBoolean(2)) {
                    return false;
                }
                applied.add(Integer.parseInt(rs.getString(1)));
            }
            for (int v = 1; v <= SCHEMA_VERSION; v++) {
                if (!applied.remove(v)) {
                    return false;
                }
            }
            return applied.isEmpty();
        } catch (java.sql.SQLException | NumberFormatException e) {
            return false; // no history table yet, or versions this check does not understand
        }
    }

    /** The connection pool (for checks that go below JDBI). */
    javax.sql.DataSource dataSource() {
        return pool;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** The database product, e.g. {@code SQLite} or {@code PostgreSQL}. */
    public String product() {
        return product;
    }

    /** Whether a trivial query answers now (through the pool). */
    public boolean reachable() {
        try {
            return jdbi.withHandle(
                            h -> h.createQuery("SELECT 1").mapTo(Integer.class).one())
                    == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether this is PostgreSQL (several nodes, change notifications) rather than the embedded SQLite. */
    public boolean isPostgres() {
        return product.equals("PostgreSQL");
    }

    /**
     * What a read-then-write transaction appends to the SELECT of the rows it will change: {@code
     * FOR UPDATE} on PostgreSQL, nothing on SQLite, where {@link #lockForWriting} has already taken
     * the one write lock the database has.
     */
    public String forUpdate() {
        return isPostgres() ? " FOR UPDATE" : "";
    }

    /**
     * At the start of a transaction that reads and then writes: on SQLite, takes the database's
     * write lock now, waiting for another writer as long as the busy time-out allows. A transaction
     * that read first would take a snapshot, and its later write fail at once with SQLITE_BUSY when
     * another connection had committed since (the busy handler does not wait in that case). A write
     * that changes nothing takes the lock: SQLite has no statement of its own for it inside a
     * transaction the driver began. PostgreSQL locks rows instead ({@link #forUpdate}).
     */
    public void lockForWriting(Handle h) {
        if (!isPostgres()) {
            h.execute("DELETE FROM admin_credentials WHERE 0 = 1");
        }
    }

    /** Whether the database answers, as the background check last saw it (never waits for the database). */
    public DatabaseHealth health() {
        return health;
    }

    /**
     * A connection of its own, outside the pool, for a caller that keeps it (the change listener)
     * or must not wait behind the pool (the health check). Connecting gives up after
     * {@code timeoutSeconds} where the driver allows it (PostgreSQL), unless the URL says otherwise.
     */
    public Connection openDedicated(int timeoutSeconds) throws SQLException {
        Properties p = new Properties();
        p.putAll(credentials);
        if (isPostgres()) {
            // The URL's own parameters win over these.
            p.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
            p.setProperty("loginTimeout", Integer.toString(timeoutSeconds));
            p.setProperty("ApplicationName", "signet");
        }
        return DriverManager.getConnection(url, p);
    }

    /** Replaces the pool's idle connections (after an outage they may be broken). */
    void renewPooledConnections() {
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        if (bean != null) {
            bean.softEvictConnections();
        }
    }

    /**
     * Whether {@code e} (or a cause) says the connection to the database is gone or cannot be had
     * (SQLSTATE class 08, a server shutting down, the pool's time-out, the health check's refusal,
     * or SQLite's file busy past the time-out or unreadable), as opposed to a statement the
     * database refused.
     */
    public static boolean connectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLiteException sqlite && SqliteSettings.unavailable(sqlite.getResultCode())) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether {@code e} says a row with the same primary or unique key exists (SQLSTATE 23505, SQLite's codes). */
    public static boolean uniqueViolation(SQLException e) {
        if (e instanceof SQLiteException sqlite) {
            SQLiteErrorCode code = sqlite.getResultCode();
            return code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
                    || code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE;
        }
        return "23505".equals(e.getSQLState());
    }

    @Override
    public void close() {
        health.close();
        pool.close();
    }

    /** Thrown (as JDBI's cause) for a connection asked for while the database is known to be down. */
    public static final class UnavailableException extends SQLTransientConnectionException {
        private static final long serialVersionUID = 1L;

        UnavailableException(String reason, Throwable cause) {
            super("the database is unreachable (" + reason + ")", "08001", cause);
        }
    }

    /**
     * The pool, behind the health state: while the database is known to be down, a connection is
     * refused at once instead of after the pool's time-out; otherwise the pool is asked in slices,
     * so a request that was already waiting when an outage is detected gives up then.
     */
    private static final class GatedDataSource implements DataSource {

        private final HikariDataSource pool;
        /** Null before the database is open (start-up waits for the pool as it always did). */
        private final DatabaseHealth health;

        GatedDataSource(HikariDataSource pool, DatabaseHealth health) {
            this.pool = pool;
            this.health = health;
        }

        @Override
        public Connection getConnection() throws SQLException {
            long deadline = System.nanoTime() + POOL_WAIT.toNanos();
            while (true) {
                DatabaseHealth.Outage outage = health == null ? null : health.outage();
                if (outage != null) {
                    throw new UnavailableException(outage.reason(), null);
                }
                try {
                    return pool.getConnection();
                } catch (SQLTransientConnectionException e) {
                    if (e.getCause() != null && health != null) {
                        health.suspect(); // connections cannot be made: check now rather than at the next tick
                    }
                    if (System.nanoTime() - deadline >= 0) {
                        throw e;
                    }
                }
            }
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("the pool's credentials are fixed");
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return pool.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            pool.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            pool.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return pool.getLoginTimeout();
        }

        @Override
        public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return pool.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            if (iface.isInstance(this)) {
                return iface.cast(this);
            }
            return pool.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return iface.isInstance(this) || pool.isWrapperFor(iface);
        }
    }

    /**
     * An instant as the {@code TIMESTAMP WITH TIME ZONE} value to bind (UTC). PostgreSQL stores it as
     * such; on SQLite, which has no time type, it is bound as the text {@link SqliteSettings#text}
     * writes, whose order is the order of time, so comparisons and ORDER BY stay in SQL.
     */
    public static OffsetDateTime ts(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    /** A {@code TIMESTAMP WITH TIME ZONE} column as an instant; null stays null. */
    public static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        Object v = rs.getObject(column);
        if (v == null) {
            return null;
        }
        if (v instanceof String text) {
            return Instant.parse(text); // SQLite
        }
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
