package dev.signet.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/** The connection pool, the schema (migrated by Flyway at open) and the JDBI handle factory. */
public final class Database implements AutoCloseable {

    /**
     * The newest migration in {@code db/migration} ({@code V<n>__...sql}); a test keeps it in step.
     * When the schema history says exactly this version was applied and nothing failed, start-up
     * skips Flyway (its class-path scan and validation cost seconds on a small machine).
     */
    static final int SCHEMA_VERSION = 5;

    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final String product;

    private Database(HikariDataSource pool) {
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
        this.product = jdbi.withHandle(h -> {
            try {
                return h.getConnection().getMetaData().getDatabaseProductName();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("the database does not describe itself", e);
            }
        });
    }

    /** Opens the pool and brings the schema up to date; H2 and PostgreSQL run the same migrations. */
    public static Database open(String url, String user, String password, int poolSize) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        if (user != null) {
            hc.setUsername(user);
        }
        if (password != null) {
            hc.setPassword(password);
        }
        hc.setMaximumPoolSize(poolSize);
        hc.setMinimumIdle(Math.min(2, poolSize));
        hc.setPoolName("signet-db");
        hc.setConnectionTimeout(5_000);
        hc.setInitializationFailTimeout(5_000);
        HikariDataSource pool = new HikariDataSource(hc);
        try {
            if (schemaIsCurrent(pool)) {
                return new Database(pool);
            }
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            return new Database(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
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

    /** The database product, e.g. {@code H2} or {@code PostgreSQL}. */
    public String product() {
        return product;
    }

    /** Whether a trivial query answers now. */
    public boolean reachable() {
        try {
            return jdbi.withHandle(
                            h -> h.createQuery("SELECT 1").mapTo(Integer.class).one())
                    == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    /** An instant as the {@code TIMESTAMP WITH TIME ZONE} value both databases store (UTC). */
    public static OffsetDateTime ts(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    /** A {@code TIMESTAMP WITH TIME ZONE} column as an instant; null stays null. */
    public static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
