package dev.signet.server;

import static dev.signet.server.TestServer.ORDERS_SECRET;
import static dev.signet.server.TestServer.REPORTS_SECRET;
import static dev.signet.server.TestServer.basic;
import static dev.signet.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.JoseException;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.Jwt;
import dev.signet.server.audit.AuditEntry;
import dev.signet.server.config.Setting;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The whole server on SQLite and on PostgreSQL: issue, verify, introspect, restart, two nodes on one database. */
class EndToEndOnBothDatabasesTest {

    @TempDir
    Path dir;

    static List<String> databases() {
        return TestDatabases.kinds();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void issueVerifyIntrospect(String kind) throws JoseException {
        try (TestServer server = TestServer.start(
                TestServer.STANDARD_TENANTS, TestDatabases.create(kind).url(), dir)) {
            assertThat(json(server.get("/readyz")).get("database").asString()).startsWith(kind);
            String token = server.ordersToken("scope", "orders.write", "resource", "orders-api")
                    .get("access_token")
                    .asString();
            Jwt jwt = server.verifierFromServedJwks("orders-api").verify(token);
            assertThat(jwt.claims().getString("scope")).isEqualTo("orders.write");
            HttpResponse<String> r = server.postForm(
                    "/tenants/default/introspect",
                    List.of("token", token),
                    "Authorization",
                    basic("reports-service", REPORTS_SECRET)[1]);
            // reports-service authenticates with client_secret_post only: Basic is refused.
            assertThat(r.statusCode()).isEqualTo(401);
            r = server.postForm(
                    "/tenants/default/introspect",
                    List.of("token", token, "client_id", "reports-service", "client_secret", REPORTS_SECRET));
            assertThat(json(r).get("active").asBoolean()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void bootstrapIsIdempotentAcrossRestartsAndKeysSurvive(String kind) throws Exception {
        String url = TestDatabases.create(kind).url();
        Map<Setting, String> base = Map.of(Setting.SERVER_BASE_URL, "https://auth.example.test");
        String kid;
        String token;
        int applied;
        try (TestServer first =
                TestServer.start(TestServer.STANDARD_TENANTS, url, dir, MutableClock.startingNow(), base)) {
            kid = first.server().keys().snapshot("default").active().kid();
            token = first.ordersToken().get("access_token").asString();
            applied = configEvents(first);
            assertThat(applied).isEqualTo(4); // the tenant and its three clients
        }
        try (TestServer second =
                TestServer.start(TestServer.STANDARD_TENANTS, url, dir, MutableClock.startingNow(), base)) {
            assertThat(configEvents(second)).isEqualTo(applied);
            assertThat(second.server().keys().snapshot("default").active().kid())
                    .isEqualTo(kid);
            assertThat(second.server().adminCredentialFile()).isEmpty(); // created once, at first start
            second.verifierFromServedJwks("orders-api").verify(token);
        }
        String changed =
                TestServer.STANDARD_TENANTS.replace("scopes: [orders.read, orders.write]", "scopes: [orders.read]");
        try (TestServer third = TestServer.start(changed, url, dir, MutableClock.startingNow(), base)) {
            assertThat(configEvents(third)).isEqualTo(applied + 1);
            HttpResponse<String> r = third.postForm(
                    "/tenants/default/token",
                    List.of("grant_type", "client_credentials", "scope", "orders.write"),
                    basic("orders-service", ORDERS_SECRET));
            assertThat(json(r).get("error").asString()).isEqualTo("invalid_scope");
        }
    }

    private static int configEvents(TestServer s) {
        return (int)
                audit(s).stream().filter(e -> e.type().equals("config.applied")).count();
    }

    private static List<AuditEntry> audit(TestServer s) {
        try {
            String admin =
                    Files.readString(s.dataDir().resolve("admin-credential")).strip();
            HttpResponse<String> r = s.get("/admin/tenants/default/audit", "Authorization", "Bearer " + admin);
            List<AuditEntry> out = new java.util.ArrayList<>();
            json(r).get("events")
                    .values()
                    .forEach(e -> out.add(new AuditEntry(
                            e.get("id").asLong(),
                            null,
                            "default",
                            e.get("type").asString(),
                            e.get("subject").asString(),
                            e.get("detail").asString())));
            return out;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Two server nodes on one PostgreSQL: tokens, keys and revocations are shared. */
    @org.junit.jupiter.api.Test
    void twoNodesShareTokensKeysAndRevocations() throws Exception {
        String url = TestDatabases.postgres().url();
        // One public base URL in front of both nodes, as behind a load balancer.
        Map<Setting, String> fastChecks =
                Map.of(Setting.KEYS_CHECK_INTERVAL, "1s", Setting.SERVER_BASE_URL, "https://auth.example.test");
        MutableClock clock = MutableClock.startingNow();
        try (TestServer a = TestServer.start(TestServer.STANDARD_TENANTS, url, dir, clock, fastChecks);
                TestServer b = TestServer.start(TestServer.STANDARD_TENANTS, url, dir, clock, fastChecks)) {
            String kid = a.server().keys().snapshot("default").active().kid();
            assertThat(b.server().keys().snapshot("default").active().kid()).isEqualTo(kid);

            String token = a.ordersToken().get("access_token").asString();
            assertThat(introspect(b, token)).isTrue();
            b.verifierFromServedJwks("orders-api").verify(token);

            // A revocation on one node is seen by the other.
            String second = a.ordersToken().get("access_token").asString();
            a.postForm("/tenants/default/revoke", List.of("token", second), basic("orders-service", ORDERS_SECRET));
            assertThat(introspect(b, second)).isFalse();

            // A key revoked on one node leaves the other's JWKS at its next key check.
            String admin = Files.readString(dir.resolve("admin-credential")).strip();
            assertThat(a.postForm(
                                    "/admin/tenants/default/keys/" + kid + "/revoke",
                                    List.of(),
                                    "Authorization",
                                    "Bearer " + admin)
                            .statusCode())
                    .isEqualTo(200);
            long deadline = System.currentTimeMillis() + 15_000;
            while (b.get("/tenants/default/jwks").body().contains(kid) && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            assertThat(b.get("/tenants/default/jwks").body()).doesNotContain(kid);
            assertThat(introspect(b, token)).isFalse();
            String fromB = b.ordersToken().get("access_token").asString();
            assertThat(introspect(a, fromB)).isTrue();
        }
    }

    private static boolean introspect(TestServer s, String token) {
        HttpResponse<String> r = s.postForm(
                "/tenants/default/introspect", List.of("token", token), basic("orders-service", ORDERS_SECRET));
        return json(r).get("active").asBoolean();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"RS256", "PS256", "ES256", "EdDSA", "ML-DSA-65"})
    void eachTenantAlgorithmSignsTokensTheServedJwksVerifies(String alg) throws JoseException {
        Assumptions.assumeTrue(JwsAlgorithm.fromIdentifier(alg).isAvailable(), alg + " needs JDK 24+ or ACCP");
        String yaml = TestServer.STANDARD_TENANTS.replace(
                "  - name: default\n", "  - name: default\n    algorithm: " + alg + "\n");
        try (TestServer server = TestServer.start(yaml, TestDatabases.sqlite().url(), dir)) {
            String token = server.ordersToken().get("access_token").asString();
            Jwt jwt = server.verifierFromServedJwks("orders-api").verify(token);
            assertThat(jwt.header().algorithm()).isEqualTo(alg);
            assertThat(server.get("/tenants/default/jwks").body()).contains("\"alg\":\"" + alg + "\"");
        }
    }

    @org.junit.jupiter.api.Test
    void zeroConfigurationCreatesTenantKekAndAdminCredentialOwnerOnly() throws Exception {
        try (TestServer server = TestServer.start("", TestDatabases.sqlite().url(), dir)) {
            assertThat(server.server().config().tenants())
                    .extracting(t -> t.name())
                    .containsExactly("default");
            assertThat(server.server().adminCredentialFile()).hasValue(dir.resolve("admin-credential"));
            for (String f : List.of("kek", "admin-credential")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f))))
                        .isEqualTo("rw-------");
            }
            assertThat(server.get("/tenants/default/jwks").statusCode()).isEqualTo(200);
        }
    }
}
