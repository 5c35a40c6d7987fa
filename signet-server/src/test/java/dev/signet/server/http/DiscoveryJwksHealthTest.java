package dev.signet.server.http;

import static dev.signet.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.JwkSet;
import dev.signet.server.TestDatabases;
import dev.signet.server.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Discovery (RFC 8414 and OpenID paths), the JWKS with caching headers, and the health endpoints. */
class DiscoveryJwksHealthTest {

    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("", TestDatabases.sqlite().url(), dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void openIdAndRfc8414DocumentsListExactlyWhatIsSupported() {
        HttpResponse<String> oidc = server.get("/tenants/default/.well-known/openid-configuration");
        HttpResponse<String> rfc8414 = server.get("/.well-known/oauth-authorization-server/tenants/default");
        assertThat(oidc.statusCode()).isEqualTo(200);
        assertThat(rfc8414.statusCode()).isEqualTo(200);
        assertThat(json(oidc)).isEqualTo(json(rfc8414));

        JsonNode m = json(oidc);
        String iss = server.issuer();
        assertThat(iss).isEqualTo(server.server().baseUrl() + "/tenants/default");
        assertThat(m.get("issuer").asString()).isEqualTo(iss);
        assertThat(m.get("token_endpoint").asString()).isEqualTo(iss + "/token");
        assertThat(m.get("jwks_uri").asString()).isEqualTo(iss + "/jwks");
        assertThat(m.get("introspection_endpoint").asString()).isEqualTo(iss + "/introspect");
        assertThat(m.get("revocation_endpoint").asString()).isEqualTo(iss + "/revoke");
        assertThat(strings(m.get("grant_types_supported")))
                .containsExactly("client_credentials", "authorization_code", "refresh_token");
        assertThat(strings(m.get("token_endpoint_auth_methods_supported")))
                .containsExactly("client_secret_basic", "client_secret_post", "private_key_jwt", "none");
        // public clients may not introspect: no "none" there
        assertThat(strings(m.get("introspection_endpoint_auth_methods_supported")))
                .containsExactly("client_secret_basic", "client_secret_post", "private_key_jwt");
        // OpenID Provider Metadata (OIDC Discovery §3): every required member, and what the code flow offers
        assertThat(m.get("authorization_endpoint").asString()).isEqualTo(iss + "/authorize");
        assertThat(m.get("userinfo_endpoint").asString()).isEqualTo(iss + "/userinfo");
        assertThat(m.get("end_session_endpoint").asString()).isEqualTo(iss + "/logout");
        assertThat(strings(m.get("response_types_supported"))).containsExactly("code");
        assertThat(strings(m.get("response_modes_supported"))).containsExactly("query");
        assertThat(strings(m.get("subject_types_supported"))).containsExactly("public");
        assertThat(strings(m.get("code_challenge_methods_supported"))).containsExactly("S256");
        assertThat(strings(m.get("acr_values_supported"))).containsExactly("urn:signet:acr:pwd", "urn:signet:acr:mfa");
        assertThat(strings(m.get("scopes_supported"))).contains("openid", "profile", "email", "offline_access");
        assertThat(strings(m.get("claims_supported")))
                .contains("sub", "iss", "auth_time", "acr", "amr", "sid", "email", "name", "preferred_username");
        assertThat(strings(m.get("id_token_signing_alg_values_supported")))
                .contains("RS256", "ES256")
                .doesNotContain("HS256", "none");
        assertThat(m.get("authorization_response_iss_parameter_supported").asBoolean())
                .isTrue();
        // userinfo answers (here: a bearer token is required)
        assertThat(server.get("/tenants/default/userinfo").statusCode()).isEqualTo(401);
        assertThat(strings(m.get("access_token_signing_alg_values_supported")))
                .contains("RS256", "ES256")
                .doesNotContain("HS256", "none");
        // Every endpoint it names answers.
        assertThat(server.get("/tenants/default/jwks").statusCode()).isEqualTo(200);
    }

    @Test
    void discoveryOfUnknownTenantIs404() {
        assertThat(server.get("/.well-known/oauth-authorization-server/tenants/nobody")
                        .statusCode())
                .isEqualTo(404);
        assertThat(server.get("/tenants/nobody/jwks").statusCode()).isEqualTo(404);
    }

    @Test
    void jwksHoldsPublicKeysOnlyWithCacheHeaders() throws Exception {
        HttpResponse<String> r = server.get("/tenants/default/jwks");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/jwk-set+json");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=600");
        assertThat(r.headers().firstValue("ETag").orElse("")).matches("\"[A-Za-z0-9_-]+\"");
        JwkSet set = JwkSet.parse(r.body());
        assertThat(set.keys()).isNotEmpty().allSatisfy(k -> {
            assertThat(k.isPrivate()).isFalse();
            assertThat(k.keyId()).isNotBlank();
            assertThat(k.algorithm()).isEqualTo("RS256");
            assertThat(k.use()).isEqualTo("sig");
        });
        for (String privateMember : List.of("\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"priv\"")) {
            assertThat(r.body()).doesNotContain(privateMember);
        }
    }

    @Test
    void jwksAnswers304ToAMatchingIfNoneMatch() {
        String etag =
                server.get("/tenants/default/jwks").headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = server.get("/tenants/default/jwks", "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);
        assertThat(server.get("/tenants/default/jwks", "If-None-Match", "\"other\"")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void healthzAnswers() {
        HttpResponse<String> r = server.get("/healthz");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("status").asString()).isEqualTo("ok");
    }

    @Test
    void readyzSaysDatabaseKeysAndCryptoProvider() {
        HttpResponse<String> r = server.get("/readyz");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode b = json(r);
        assertThat(b.get("status").asString()).isEqualTo("ready");
        assertThat(b.get("database").asString()).isEqualTo("SQLite reachable");
        assertThat(b.get("keys").asString()).isEqualTo("loaded");
        assertThat(b.get("crypto_provider").asString())
                .isEqualTo(server.server().cryptoProvider())
                .isNotBlank();
    }

    @Test
    void unknownPathIsJson404WithoutServerDetails() {
        HttpResponse<String> r = server.get("/nothing/here");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).get("error").asString()).isEqualTo("not_found");
        assertThat(r.headers().firstValue("Server")).isEmpty();
    }

    @Test
    void adminApiNeedsTheAdminCredential() throws Exception {
        HttpResponse<String> none = server.get("/admin/tenants/default/keys");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer ");
        assertThat(server.get("/admin/tenants/default/keys", "Authorization", "Bearer wrong")
                        .statusCode())
                .isEqualTo(401);
        String admin =
                java.nio.file.Files.readString(dir.resolve("admin-credential")).strip();
        HttpResponse<String> r = server.get("/admin/tenants/default/keys", "Authorization", "Bearer " + admin);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("keys").get(0).get("state").asString()).isEqualTo("active");
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.values().forEach(v -> out.add(v.asString()));
        return out;
    }
}
