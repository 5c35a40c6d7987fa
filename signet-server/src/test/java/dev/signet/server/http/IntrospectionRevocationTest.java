package dev.signet.server.http;

import static dev.signet.server.TestServer.ORDERS_SECRET;
import static dev.signet.server.TestServer.REPORTS_SECRET;
import static dev.signet.server.TestServer.basic;
import static dev.signet.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.JoseException;
import dev.signet.server.TestDatabases;
import dev.signet.server.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** RFC 7662 introspection and RFC 7009 revocation, for JWT and opaque tokens, with expiry and key revocation. */
class IntrospectionRevocationTest {

    private static final String INTROSPECT = "/tenants/default/introspect";
    private static final String REVOKE = "/tenants/default/revoke";

    @TempDir
    Path dir;

    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(
                TestServer.STANDARD_TENANTS, TestDatabases.sqlite().url(), dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode introspect(String token) {
        HttpResponse<String> r =
                server.postForm(INTROSPECT, List.of("token", token), basic("orders-service", ORDERS_SECRET));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        return json(r);
    }

    private String opaqueToken() {
        HttpResponse<String> r = server.postForm(
                "/tenants/default/token",
                List.of(
                        "grant_type",
                        "client_credentials",
                        "client_id",
                        "reports-service",
                        "client_secret",
                        REPORTS_SECRET));
        return json(r).get("access_token").asString();
    }

    @Test
    void activeJwtIsDescribed() {
        String token =
                server.ordersToken("scope", "orders.read").get("access_token").asString();
        JsonNode r = introspect(token);
        assertThat(r.get("active").asBoolean()).isTrue();
        assertThat(r.get("scope").asString()).isEqualTo("orders.read");
        assertThat(r.get("client_id").asString()).isEqualTo("orders-service");
        assertThat(r.get("sub").asString()).isEqualTo("orders-service");
        assertThat(r.get("iss").asString()).isEqualTo(server.issuer());
        assertThat(r.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(r.get("exp").asLong()).isEqualTo(r.get("iat").asLong() + 600);
    }

    @Test
    void activeOpaqueTokenIsDescribed() {
        JsonNode r = introspect(opaqueToken());
        assertThat(r.get("active").asBoolean()).isTrue();
        assertThat(r.get("client_id").asString()).isEqualTo("reports-service");
        assertThat(r.get("aud").asString()).isEqualTo("reports-api");
        assertThat(r.get("scope").asString()).isEqualTo("reports.read");
    }

    @Test
    void garbageTokensAreInactiveNotErrors() {
        for (String t : List.of("x", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", "%%%", "x".repeat(5000))) {
            JsonNode r = introspect(t);
            assertThat(r.get("active").asBoolean()).isFalse();
            assertThat(r.size()).isEqualTo(1);
        }
    }

    @Test
    void expiredTokensAreInactive() {
        String jwt = server.ordersToken().get("access_token").asString();
        String opaque = opaqueToken();
        server.clock().advance(Duration.ofMinutes(10));
        assertThat(introspect(jwt).get("active").asBoolean()).isFalse();
        assertThat(introspect(opaque).get("active").asBoolean()).isFalse();
    }

    @Test
    void revokedJwtIsInactiveButStillVerifiesLocally() throws JoseException {
        String jwt = server.ordersToken().get("access_token").asString();
        HttpResponse<String> r = server.postForm(REVOKE, List.of("token", jwt), basic("orders-service", ORDERS_SECRET));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(introspect(jwt).get("active").asBoolean()).isFalse();
        // The signature is still good: that is why revocation-sensitive APIs introspect or use opaque tokens.
        server.verifierFromServedJwks("orders-api").verify(jwt);
    }

    @Test
    void revokedOpaqueTokenIsInactive() {
        String opaque = opaqueToken();
        HttpResponse<String> r = server.postForm(
                REVOKE, List.of("token", opaque, "client_id", "reports-service", "client_secret", REPORTS_SECRET));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(introspect(opaque).get("active").asBoolean()).isFalse();
    }

    @Test
    void aClientCannotRevokeAnotherClientsToken() {
        String opaque = opaqueToken();
        HttpResponse<String> r =
                server.postForm(REVOKE, List.of("token", opaque), basic("orders-service", ORDERS_SECRET));
        assertThat(r.statusCode()).isEqualTo(200); // RFC 7009 §2.2: same answer either way
        assertThat(introspect(opaque).get("active").asBoolean()).isTrue();
    }

    @Test
    void revokingAnUnknownTokenAnswers200() {
        assertThat(server.postForm(REVOKE, List.of("token", "never-issued"), basic("orders-service", ORDERS_SECRET))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void tokensSignedByARevokedKeyAreInactiveAndNewTokensUseTheNewKey() throws Exception {
        String before = server.ordersToken().get("access_token").asString();
        String oldKid = server.server().keys().snapshot("default").active().kid();
        String admin = Files.readString(dir.resolve("admin-credential")).strip();

        HttpResponse<String> r = server.postForm(
                "/admin/tenants/default/keys/" + oldKid + "/revoke", List.of(), "Authorization", "Bearer " + admin);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        assertThat(introspect(before).get("active").asBoolean()).isFalse();
        assertThat(server.get("/tenants/default/jwks").body()).doesNotContain(oldKid);
        String after = server.ordersToken().get("access_token").asString();
        assertThat(introspect(after).get("active").asBoolean()).isTrue();
        assertThat(server.verifierFromServedJwks("orders-api")
                        .verify(after)
                        .header()
                        .keyId())
                .isNotEqualTo(oldKid);
        HttpResponse<String> audit = server.get("/admin/tenants/default/audit", "Authorization", "Bearer " + admin);
        assertThat(audit.body()).contains("key.revoked").contains(oldKid);
    }

    @Test
    void introspectionNeedsClientAuthentication() {
        String jwt = server.ordersToken().get("access_token").asString();
        HttpResponse<String> r = server.postForm(INTROSPECT, List.of("token", jwt));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json(r).get("error").asString()).isEqualTo("invalid_client");
        assertThat(server.postForm(INTROSPECT, List.of("token", jwt), basic("orders-service", "wrong"))
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void missingTokenParameterIsInvalidRequest() {
        HttpResponse<String> r = server.postForm(INTROSPECT, List.of(), basic("orders-service", ORDERS_SECRET));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").asString()).isEqualTo("invalid_request");
        HttpResponse<String> rv = server.postForm(REVOKE, List.of(), basic("orders-service", ORDERS_SECRET));
        assertThat(json(rv).get("error").asString()).isEqualTo("invalid_request");
    }
}
