package dev.signet.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.MutableClock;
import dev.signet.server.TestDatabases;
import java.io.InputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SQLite and PostgreSQL end with the same schema, and compare stored times in time order. */
class SchemaParityTest {

    /**
     * The migrations PostgreSQL deployments have applied: Flyway refuses to start when one of them
     * changes (its checksum), so their bytes are pinned here.
     */
    private static final Map<String, String> APPLIED_ON_POSTGRESQL = Map.of(
            "/db/vendor/postgresql/V1__initial_schema.sql",
            "72e82e647985240677cedce7f5e4b0ad1e5fb161825e4a4c46162bd51c70d37c",
            "/db/vendor/postgresql/V2__private_key_jwt.sql",
            "d11242df2ca823f884a94ad0c8f7432af8e41740eb6420238e32ab840c47652e",
            "/db/migration/V3__client_jwks_uri.sql",
            "b2c16673933e9a1c0a9c7064eb83efeb7e2983efb9b511f6122a9a8911fa76d1",
            "/db/migration/V4__audit_index_by_id.sql",
            "babc1ee73dd0306ca6fb6fc46f934c64b5a211ed64449e41fa49e4f29ceeb714",
            "/db/migration/V5__audit_index_by_time.sql",
            "65e9745f19ef57f67b6922c7685c0fa0ecafd5a73cab2c97c694b89d47ffa3a2",
            "/db/vendor/postgresql/V6__change_notifications.sql",
            "b29dfe8be08713050854f173431783e33682a8fb5057a69bffa621f761a06bf0");

    static List<String> databases() {
        return TestDatabases.kinds();
    }

    @Test
    void migrationsPostgresqlAppliedAreUnchanged() throws Exception {
        for (Map.Entry<String, String> m : APPLIED_ON_POSTGRESQL.entrySet()) {
            try (InputStream in = SchemaParityTest.class.getResourceAsStream(m.getKey())) {
                assertThat(in).as(m.getKey()).isNotNull();
                byte[] sha = MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
                assertThat(HexFormat.of().formatHex(sha)).as(m.getKey()).isEqualTo(m.getValue());
            }
        }
    }

    @Test
    void bothDatabasesHaveTheSameTablesColumnsKeysAndIndexes() throws Exception {
        Map<String, Object> sqlite = describe(TestDatabases.sqlite().url());
        Map<String, Object> postgres = describe(TestDatabases.postgres().url());
        assertThat(sqlite).isEqualTo(postgres);
        assertThat(sqlite.toString()).contains("clients.secret_hash null", "audit_events_by_at(at)");
    }

    /** Per table: its columns with nullability, its primary key, its indexes and their columns. */
    private static Map<String, Object> describe(String url) throws Exception {
        Map<String, Object> out = new TreeMap<>();
        try (Database db = Database.open(url, null, null, 2);
                Connection c = db.dataSource().getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            String schema = db.isPostgres() ? c.getSchema() : null;
            Set<String> tables = new TreeSet<>();
            try (ResultSet rs = meta.getTables(null, schema, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    String t = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                    if (!t.startsWith("flyway") && !t.startsWith("sqlite_")) {
                        tables.add(t);
                    }
                }
            }
            for (String t : tables) {
                Set<String> columns = new TreeSet<>();
                try (ResultSet rs = meta.getColumns(null, schema, t, "%")) {
                    while (rs.next()) {
                        columns.add(t + "." + rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT)
                                + (rs.getInt("NULLABLE") == DatabaseMetaData.columnNullable ? " null" : " not null"));
                    }
                }
                Map<Integer, String> key = new TreeMap<>();
                try (ResultSet rs = meta.getPrimaryKeys(null, schema, t)) {
                    while (rs.next()) {
                        key.put(
                                rs.getInt("KEY_SEQ"),
                                rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                    }
                }
                Map<String, String> indexes = new TreeMap<>();
                try (ResultSet rs = meta.getIndexInfo(null, schema, t, false, false)) {
                    while (rs.next()) {
                        String name = rs.getString("INDEX_NAME");
                        String column = rs.getString("COLUMN_NAME");
                        if (name == null
                                || column == null
                                || name.startsWith("sqlite_autoindex")
                                || name.endsWith("_pkey")) {
                            continue; // the primary key's own index, compared above
                        }
                        indexes.merge(
                                name.toLowerCase(Locale.ROOT) + "(",
                                column.toLowerCase(Locale.ROOT),
                                (a, b) -> a + "," + b);
                    }
                }
                Set<String> described = new TreeSet<>();
                indexes.forEach((n, cols) -> described.add(n + cols + ")"));
                out.put(t, List.of(columns, key.values().toString(), described));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void expiryComparisonsFollowTimeNotTheDigitsStored(String kind) {
        MutableClock clock = MutableClock.startingNow();
        try (Database db = TestDatabases.openWithTenant(kind, 2, clock.instant())) {
            TokenStore tokens = new TokenStore(db);
            // A whole second, and times just before and after it whose text would sort the other way
            // if the fraction were written with as few digits as it needs ("...:00Z" > "...:00.9Z" is false, but
            // "...:59.9Z" > "...:00Z" on the digits alone would be wrong at the minute).
            Instant second = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(2));
            Instant before = second.minusNanos(100_000_000); // ...:59.9
            Instant justAfter = second.plusNanos(1_000); // one microsecond later
            int i = 0;
            for (Instant exp : List.of(before, second, justAfter)) {
                tokens.insertOpaque(new TokenStore.OpaqueToken(
                        "h" + i, "t", "svc", "j" + i, "s", List.of("a"), clock.instant(), exp, null));
                i++;
            }
            assertThat(tokens.findOpaque("t", "h1").orElseThrow().expiresAt()).isEqualTo(second);
            assertThat(tokens.findOpaque("t", "h2").orElseThrow().expiresAt()).isEqualTo(justAfter);
            assertThat(tokens.purgeExpired(second))
                    .as("only the token expired before the second")
                    .isEqualTo(1);
            assertThat(tokens.findOpaque("t", "h0")).isEmpty();
            assertThat(tokens.purgeExpired(second.plusNanos(1_000))).isEqualTo(1);
            assertThat(tokens.findOpaque("t", "h1")).isEmpty();
            assertThat(tokens.findOpaque("t", "h2")).isPresent();
        }
    }
}
