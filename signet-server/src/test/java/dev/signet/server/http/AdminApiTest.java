package dev.signet.server.http;

import static dev.signet.server.TestServer.basic;
import static dev.signet.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.TestDatabases;
import dev.signet.server.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The admin API: tenants, client registration, secret rotation, disabling, key rotation. */
class AdminApiTest {

    @TempDir
    Path dir;

    TestServer server;
    String bearer;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(
                TestServer.STANDARD_TENANTS, TestDatabases.sqlite().url(), dir);
        bearer = "Bearer " + Files.readString(dir.resolve("admin-credential")).strip();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String path, String json) {
        return server.postRaw(path, "application/json", json.getBytes(StandardCharsets.UTF_8), "Authorization", bearer);
    }

    private HttpResponse<String> token(String id, String secret) {
        return server.postForm(
                "/tenants/default/token", List.of("grant_type", "client_credentials"), basic(id, secret));
    }

    @Test
    void registeredClientGetsASecretShownOnceAndCanObtainTokens() {
        HttpResponse<String> r = post(
                "/admin/tenants/default/clients",
                "{\"id\":\"billing\",\"scopes\":[\"billing.read\"],\"audiences\":[\"billing-api\"]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        String secret = json(r).get("client_secret").asString();
        assertThat(secret).hasSize(43);
        assertThat(token("billing", secret).statusCode()).isEqualTo(200);

        HttpResponse<String> list = server.get("/admin/tenants/default/clients", "Authorization", bearer);
        assertThat(list.body()).contains("\"billing\"").doesNotContain(secret).doesNotContain("secret_hash");
        assertThat(post("/admin/tenants/default/clients", "{\"id\":\"billing\",\"audiences\":[\"x\"]}")
                        .statusCode())
                .isEqualTo(409);
    }

    @Test
    void privateKeyJwtClientRegistersWithAJwksUriAndGetsNoSecret() {
        HttpResponse<String> r = post(
                "/admin/tenants/default/clients",
                "{\"id\":\"keyed\",\"auth_method\":"
                        + "\"private_key_jwt\",\"jwks_uri\":\"https://keys.example.com/jwks\",\"audiences\":[\"a\"]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(json(r).has("client_secret")).isFalse();
        assertThat(json(r).get("jwks_uri").asString()).isEqualTo("https://keys.example.com/jwks");
        assertError(
                post(
                        "/admin/tenants/default/clients",
                        "{\"id\":\"k2\",\"auth_method\":\"private_key_jwt\","
                                + "\"jwks_uri\":\"http://keys.example.com/jwks\",\"audiences\":[\"a\"]}"),
                "jwks_uri:");
        assertError(
                post(
                        "/admin/tenants/default/clients",
                        "{\"id\":\"k3\",\"jwks_uri\":\"https://k.example/jwks\"," + "\"audiences\":[\"a\"]}"),
                "only a private_key_jwt client has keys");
    }

    @Test
    void rotatedSecretReplacesTheOldOneAtOnce() {
        String first = json(post("/admin/tenants/default/clients", "{\"id\":\"c1\",\"audiences\":[\"a\"]}"))
                .get("client_secret")
                .asString();
        HttpResponse<String> r = post("/admin/tenants/default/clients/c1/secret", "");
        assertThat(r.statusCode()).isEqualTo(200);
        String second = json(r).get("client_secret").asString();
        assertThat(second).isNotEqualTo(first);
        assertThat(token("c1", first).statusCode()).isEqualTo(401);
        assertThat(token("c1", second).statusCode()).isEqualTo(200);
    }

    @Test
    void disabledClientCannotAuthenticateUntilEnabled() {
        assertThat(post("/admin/tenants/default/clients/orders-service/disable", "")
                        .statusCode())
                .isEqualTo(200);
        assertThat(token("orders-service", TestServer.ORDERS_SECRET).statusCode())
                .isEqualTo(401);
        assertThat(post("/admin/tenants/default/clients/orders-service/enable", "")
                        .statusCode())
                .isEqualTo(200);
        assertThat(token("orders-service", TestServer.ORDERS_SECRET).statusCode())
                .isEqualTo(200);
        assertThat(post("/admin/tenants/default/clients/nobody/disable", "").statusCode())
                .isEqualTo(404);
    }

    @Test
    void invalidRegistrationsNameTheField() {
        assertError(post("/admin/tenants/default/clients", "{\"id\":\"a b\",\"audiences\":[\"x\"]}"), "id:");
        assertError(post("/admin/tenants/default/clients", "{\"id\":\"a\"}"), "audiences:");
        assertError(
                post(
                        "/admin/tenants/default/clients",
                        "{\"id\":\"a\",\"audiences\":[\"x\"],\"token_format\":\"paseto\"}"),
                "jwt, opaque");
        assertError(
                post(
                        "/admin/tenants/default/clients",
                        "{\"id\":\"a\",\"audiences\":[\"x\"],\"auth_method\":\"private_key_jwt\"}"),
                "jwks");
        assertError(
                post("/admin/tenants/default/clients", "{\"id\":\"a\",\"id\":\"b\",\"audiences\":[\"x\"]}"), "JSON");
        assertError(post("/admin/tenants/default/clients", "[1,2]"), "JSON object");
        assertError(post("/admin/tenants/default/clients", "{\"id\":"), "JSON");
        HttpResponse<String> form =
                server.postForm("/admin/tenants/default/clients", List.of("id", "a"), "Authorization", bearer);
        assertError(form, "application/json");
    }

    @Test
    void keyRotationPublishesAPendingKeyThatDoesNotSignYet() throws Exception {
        String active = server.server().keys().snapshot("default").active().kid();
        HttpResponse<String> r = post("/admin/tenants/default/keys/rotate", "");
        assertThat(r.statusCode()).isEqualTo(200);
        String pending = json(r).get("pending").asString();
        assertThat(pending).isNotEqualTo(active);
        assertThat(server.get("/tenants/default/jwks").body()).contains(pending).contains(active);
        String token = server.ordersToken().get("access_token").asString();
        assertThat(server.verifierFromServedJwks("orders-api")
                        .verify(token)
                        .header()
                        .keyId())
                .isEqualTo(active);
        // Asking again gives the same pending key.
        assertThat(json(post("/admin/tenants/default/keys/rotate", ""))
                        .get("pending")
                        .asString())
                .isEqualTo(pending);
    }

    @Test
    void createdTenantIsAnIssuerWithItsOwnKeyAtOnce() {
        HttpResponse<String> r = post(
                "/admin/tenants",
                "{\"name\":\"payments\",\"algorithm\":\"ES256\",\"access_token_lifetime_seconds\":300}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String kid = json(r).get("active_key").asString();
        assertThat(server.get("/tenants/payments/jwks").body()).contains(kid).contains("\"ES256\"");
        JsonNode meta = json(server.get("/.well-known/oauth-authorization-server/tenants/payments"));
        assertThat(meta.get("issuer").asString()).isEqualTo(server.server().issuer("payments"));
        assertThat(server.get("/tenants/default/jwks").body()).doesNotContain(kid);
        assertThat(server.get("/metrics").body()).contains("signet_signing_key_age_seconds{tenant=\"payments\"}");

        assertThat(post("/admin/tenants", "{\"name\":\"payments\"}").statusCode())
                .isEqualTo(409);
        assertError(post("/admin/tenants", "{\"name\":\"Pay/ments\"}"), "name:");
        assertError(post("/admin/tenants", "{\"name\":\"p2\",\"algorithm\":\"HS256\"}"), "algorithm:");
        assertError(
                post("/admin/tenants", "{\"name\":\"p2\",\"access_token_lifetime_seconds\":86400}"),
                "access_token_lifetime_seconds");
        assertError(post("/admin/tenants", "{\"name\":\"p2\",\"access_token_lifetime_seconds\":1.5}"), "whole number");
        // A new tenant with defaults takes the configured algorithm and lifetime.
        JsonNode p3 = json(post("/admin/tenants", "{\"name\":\"p3\"}"));
        assertThat(p3.get("algorithm").asString()).isEqualTo("RS256");
        assertThat(p3.get("access_token_lifetime_seconds").asLong()).isEqualTo(600);
    }

    @Test
    void tenantsAreListed() {
        JsonNode r = json(server.get("/admin/tenants", "Authorization", bearer));
        assertThat(r.get("tenants").get(0).get("name").asString()).isEqualTo("default");
        assertThat(server.get("/admin/tenants").statusCode()).isEqualTo(401);
    }

    @Test
    void refusalsAreAnsweredWithTheirStatusCodeAndChallenge() {
        HttpResponse<String> none = server.get("/admin/tenants");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"signet-admin\"");
        assertThat(none.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(json(none).get("error").asString()).isEqualTo("unauthorized");
        assertThat(json(none).get("error_description").asString())
                .isEqualTo("the admin API needs Authorization: Bearer <admin credential>");

        HttpResponse<String> noKey = post("/admin/tenants/default/keys/nokid/revoke", "");
        assertThat(noKey.statusCode()).isEqualTo(404);
        assertThat(noKey.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(json(noKey).get("error").asString()).isEqualTo("not_found");
        assertThat(json(noKey).get("error_description").asString())
                .isEqualTo("no published key nokid in tenant default");

        HttpResponse<String> noTenant = server.get("/admin/tenants/nobody/clients", "Authorization", bearer);
        assertThat(noTenant.statusCode()).isEqualTo(404);
        assertThat(json(noTenant).get("error_description").asString()).isEqualTo("no tenant named nobody");

        HttpResponse<String> taken = post("/admin/tenants", "{\"name\":\"default\"}");
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(json(taken).get("error").asString()).isEqualTo("conflict");
        assertThat(json(taken).get("error_description").asString()).isEqualTo("tenant default exists already");

        HttpResponse<String> rule = post("/admin/tenants/default/clients", "{\"id\":\"x\",\"audiences\":[]}");
        assertThat(rule.statusCode()).isEqualTo(400);
        assertThat(json(rule).get("error").asString()).isEqualTo("invalid_request");
        assertThat(json(rule).get("error_description").asString())
                .isEqualTo("audiences: expected at least one audience (the APIs its tokens are for)");
    }

    private static void assertError(HttpResponse<String> r, String inDescription) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(json(r).get("error").asString()).isEqualTo("invalid_request");
        assertThat(json(r).get("error_description").asString()).contains(inDescription);
    }
}
