package dev.signet.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.MutableClock;
import dev.signet.server.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A data directory of the previous version (H2, {@code signet.mv.db}, made by that version's
 * server: two tenants, clients, opaque and JWT tokens, one of each revoked, a revoked key, audit
 * events) is imported into SQLite at the first start, and the server goes on where it stopped.
 */
class StoreImportTest {

    /** Shortly after the fixture's tokens were issued (they live 15 minutes). */
    private static final Instant FIXTURE_TIME = Instant.parse("2026-12-07T09:40:00Z");

    @TempDir
    Path dir;

    private JsonNode fixtureTokens;

    private Path previousDataDir() throws IOException {
        for (String f : List.of("signet.mv.db", "kek", "admin-credential")) {
            try (InputStream in = StoreImportTest.class.getResourceAsStream("h2-store/" + f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
        try (InputStream in = StoreImportTest.class.getResourceAsStream("h2-store/tokens.json")) {
            fixtureTokens = JsonMapper.builder().build().readTree(in);
        }
        return dir;
    }

    private static String sqliteUrl(Path dataDir) {
        return "jdbc:sqlite:" + dataDir.resolve("signet.db");
    }

    private TestServer start(Path dataDir) {
        return TestServer.start("", sqliteUrl(dataDir), dataDir, new MutableClock(FIXTURE_TIME), Map.of());
    }

    private JsonNode introspect(TestServer s, String token) {
        HttpResponse<String> r = s.postForm(
                "/tenants/acme/introspect",
                List.of("token", token),
                TestServer.basic(
                        "svc-opaque", fixtureTokens.get("opaque_secret").asString()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TestServer.json(r);
    }

    @Test
    void thePreviousH2StoreIsImportedOnceAndServedAsBefore() throws Exception {
        Path data = previousDataDir();
        try (TestServer s = start(data)) {
            assertThat(data.resolve("signet.mv.db")).doesNotExist();
            assertThat(data.resolve("signet.mv.db.imported")).exists();
            assertThat(data.resolve("signet.db")).exists();

            // The client's secret (its stored hash) and the tokens it was given.
            assertThat(introspect(s, fixtureTokens.get("opaque_active").asString())
                            .get("active")
                            .asBoolean())
                    .isTrue();
            assertThat(introspect(s, fixtureTokens.get("opaque_revoked").asString())
                            .get("active")
                            .asBoolean())
                    .isFalse();
            assertThat(introspect(s, fixtureTokens.get("jwt_revoked").asString())
                            .get("active")
                            .asBoolean())
                    .as("the JWT revocation")
                    .isFalse();

            // The signing keys, decrypted with the data directory's key-encryption key: the active
            // key is published, the revoked one is not.
            String jwks = s.get("/tenants/acme/jwks").body();
            assertThat(jwks)
                    .contains("8jvCcFfQ-jHZuZqjSEofsv3UNvYDmq0yIwacUMxX2XM")
                    .doesNotContain("6yeooCNfWUfdUivCOLCO_msXNjiOXItabL1qGrAaOGY");
            HttpResponse<String> token = s.postForm(
                    "/tenants/acme/token",
                    List.of("grant_type", "client_credentials"),
                    TestServer.basic("svc-jwt", fixtureTokens.get("jwt_secret").asString()));
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);

            // The admin credential and the audit events.
            String admin = Files.readString(data.resolve("admin-credential")).trim();
            HttpResponse<String> audit = s.get("/admin/tenants/acme/audit", "Authorization", "Bearer " + admin);
            assertThat(audit.statusCode()).isEqualTo(200);
            assertThat(audit.body()).contains("key.revoked", "token.revoked", "client.registered");
        }
        // A second start finds nothing to import and keeps what the first one wrote.
        try (TestServer s = start(data)) {
            assertThat(introspect(s, fixtureTokens.get("opaque_active").asString())
                            .get("active")
                            .asBoolean())
                    .isTrue();
        }
    }

    @Test
    void aSqliteStoreWithDataIsNeverOverwrittenByAnOldFileBesideIt() throws Exception {
        Path data = dir.resolve("used");
        try (TestServer s = start(data)) {
            assertThat(s.get("/readyz").statusCode()).isEqualTo(200);
        }
        try (InputStream in = StoreImportTest.class.getResourceAsStream("h2-store/signet.mv.db")) {
            Files.copy(in, data.resolve("signet.mv.db"));
        }
        assertThatThrownBy(() -> start(data))
                .hasMessageContaining("already holds data")
                .hasMessageContaining("signet.mv.db");
        assertThat(data.resolve("signet.mv.db")).exists();
    }
}
