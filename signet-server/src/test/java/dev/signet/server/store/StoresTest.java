package dev.signet.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.MutableClock;
import dev.signet.server.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The repositories on SQLite and PostgreSQL, through the same Flyway migrations. */
class StoresTest {

    private Database db;
    private final MutableClock clock = MutableClock.startingNow();

    static List<String> databases() {
        return TestDatabases.kinds();
    }

    private void open(String kind) {
        db = TestDatabases.openWithTenant(kind, 2, clock.instant());
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void migrationsRunOnceAndTheDatabaseAnswers(String kind) {
        open(kind);
        assertThat(db.product()).isEqualTo(kind);
        assertThat(db.reachable()).isTrue();
        List<String> versions = db.jdbi()
                .withHandle(h -> h.createQuery("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" AND"
                                + " \"version\" IS NOT NULL")
                        .mapTo(String.class)
                        .list());
        assertThat(versions)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, Database.SCHEMA_VERSION)
                        .mapToObj(Integer::toString)
                        .toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void tenantUpsertReportsChangesOnly(String kind) {
        open(kind);
        TenantStore tenants = new TenantStore(db);
        TenantStore.Tenant t = new TenantStore.Tenant("t", "ES256", Duration.ofMinutes(10));
        assertThat(tenants.upsert(t, clock.instant())).isFalse();
        assertThat(tenants.upsert(new TenantStore.Tenant("t", "RS256", Duration.ofMinutes(5)), clock.instant()))
                .isTrue();
        assertThat(tenants.find("t")).hasValue(new TenantStore.Tenant("t", "RS256", Duration.ofMinutes(5)));
        assertThat(tenants.find("missing")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void clientsRoundTripWithTheirLists(String kind) {
        open(kind);
        ClientStore clients = new ClientStore(db);
        ClientRecord c = new ClientRecord(
                "t",
                "svc",
                "hash",
                List.of("client_credentials"),
                List.of("a.read", "a.write"),
                List.of("https://api.example/", "other"),
                "opaque",
                "client_secret_post",
                true,
                null,
                null);
        assertThat(clients.upsert(c, clock.instant())).isTrue();
        assertThat(clients.upsert(c, clock.instant())).isFalse();
        assertThat(clients.find("t", "svc")).hasValue(c);
        ClientRecord noScopes = new ClientRecord(
                "t",
                "bare",
                null,
                List.of(),
                List.of(),
                List.of("x"),
                "jwt",
                "private_key_jwt",
                false,
                null,
                "https://keys.example/jwks");
        clients.upsert(noScopes, clock.instant());
        assertThat(clients.find("t", "bare")).hasValue(noScopes);
        assertThat(clients.list("t")).hasSize(2);
        // A client belongs to an existing tenant.
        assertThatThrownBy(() -> clients.upsert(
                        new ClientRecord(
                                "nope",
                                "x",
                                "h",
                                List.of(),
                                List.of(),
                                List.of("x"),
                                "jwt",
                                "client_secret_basic",
                                true,
                                null,
                                null),
                        clock.instant()))
                .isInstanceOf(RuntimeException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void opaqueTokensRevocationsAndPurge(String kind) {
        open(kind);
        TokenStore tokens = new TokenStore(db);
        Instant now = clock.instant();
        tokens.insertOpaque(new TokenStore.OpaqueToken(
                "h1", "t", "svc", "j1", "a b", List.of("x", "y"), now, now.plusSeconds(600), null));
        assertThat(tokens.findOpaque("t", "h1")).hasValueSatisfying(o -> {
            assertThat(o.audiences()).containsExactly("x", "y");
            assertThat(o.expiresAt()).isEqualTo(now.plusSeconds(600));
            assertThat(o.revokedAt()).isNull();
        });
        assertThat(tokens.findOpaque("other", "h1")).isEmpty();
        assertThat(tokens.revokeOpaque("t", "h1", now)).isTrue();
        assertThat(tokens.revokeOpaque("t", "h1", now)).isFalse();

        tokens.revokeJwt("t", "j2", now.plusSeconds(60), now);
        tokens.revokeJwt("t", "j2", now.plusSeconds(60), now); // idempotent
        assertThat(tokens.isJwtRevoked("t", "j2")).isTrue();
        assertThat(tokens.isJwtRevoked("t", "j3")).isFalse();

        assertThat(tokens.recordAssertion("t", "svc", "a1", now.plusSeconds(60)))
                .isTrue();
        assertThat(tokens.recordAssertion("t", "svc", "a1", now.plusSeconds(60)))
                .as("replay")
                .isFalse();
        assertThat(tokens.recordAssertion("t", "other", "a1", now.plusSeconds(60)))
                .isTrue();

        assertThat(tokens.purgeExpired(now.plusSeconds(601))).isEqualTo(4);
        assertThat(tokens.findOpaque("t", "h1")).isEmpty();
        assertThat(tokens.isJwtRevoked("t", "j2")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void cachedClientLookupsSeeChangesMadeThroughTheStore(String kind) {
        open(kind);
        ClientStore clients = new ClientStore(db);
        ClientRecord c = new ClientRecord(
                "t",
                "cached",
                "hash1",
                List.of("client_credentials"),
                List.of("a"),
                List.of("api"),
                "jwt",
                "client_secret_basic",
                true,
                null,
                null);
        assertThat(clients.find("t", "cached")).isEmpty(); // an absence is cached too
        clients.upsert(c, clock.instant());
        assertThat(clients.find("t", "cached")).hasValue(c);
        ClientRecord disabled = new ClientRecord(
                "t",
                "cached",
                "hash2",
                c.grants(),
                c.scopes(),
                c.audiences(),
                "jwt",
                "client_secret_basic",
                false,
                null,
                null);
        clients.upsert(disabled, clock.instant());
        assertThat(clients.find("t", "cached")).hasValue(disabled);
        // A change by another node (here: another store on the same database) shows after invalidation or the TTL.
        new ClientStore(db).upsert(c, clock.instant());
        assertThat(clients.find("t", "cached")).hasValue(disabled);
        clients.invalidateAll();
        assertThat(clients.find("t", "cached")).hasValue(c);
    }

    @Test
    void theSchemaVersionConstantNamesTheNewestMigration() throws Exception {
        // The shared migrations and each vendor's own (db/vendor/{vendor}, the same versions in each).
        for (String folder : java.util.List.of("/db/migration", "/db/vendor/sqlite", "/db/vendor/postgresql")) {
            java.nio.file.Path dir =
                    java.nio.file.Path.of(StoresTest.class.getResource(folder).toURI());
            try (var files = java.nio.file.Files.list(dir)) {
                assertThat(files.map(f -> f.getFileName().toString())
                                .filter(n -> n.matches("V\\d+__.*\\.sql"))
                                .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                                .max()
                                .orElse(0))
                        .as(folder)
                        .isLessThanOrEqualTo(Database.SCHEMA_VERSION);
            }
        }
        java.util.Set<Integer> versions = new java.util.TreeSet<>();
        for (String folder : java.util.List.of("/db/migration", "/db/vendor/postgresql")) {
            java.nio.file.Path dir =
                    java.nio.file.Path.of(StoresTest.class.getResource(folder).toURI());
            try (var files = java.nio.file.Files.list(dir)) {
                files.map(f -> f.getFileName().toString())
                        .filter(n -> n.matches("V\\d+__.*\\.sql"))
                        .forEach(n -> versions.add(Integer.parseInt(n.substring(1, n.indexOf("__")))));
            }
        }
        assertThat(versions).hasSize(Database.SCHEMA_VERSION).contains(Database.SCHEMA_VERSION);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void startUpSkipsFlywayOnlyWhenTheHistoryIsExactlyCurrent(String kind) {
        open(kind);
        javax.sql.DataSource ds = db.dataSource();
        assertThat(Database.schemaIsCurrent(ds)).isTrue();
        db.jdbi()
                .useHandle(h ->
                        h.execute("UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '2'"));
        assertThat(Database.schemaIsCurrent(ds)).isFalse();
        db.jdbi()
                .useHandle(h ->
                        h.execute("UPDATE \"flyway_schema_history\" SET \"success\" = TRUE WHERE \"version\" = '2'"));
        db.jdbi()
                .useHandle(h ->
                        h.execute("UPDATE \"flyway_schema_history\" SET \"version\" = '5' WHERE \"version\" = '4'"));
        assertThat(Database.schemaIsCurrent(ds)).isFalse();
    }
}
