package dev.signet.server.oauth;

import static dev.signet.server.TestServer.ORDERS_SECRET;
import static dev.signet.server.TestServer.REPORTS_SECRET;
import static dev.signet.server.TestServer.basic;
import static dev.signet.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.jose.JoseException;
import dev.signet.jose.Jwt;
import dev.signet.server.TestDatabases;
import dev.signet.server.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code POST <issuer>/token}: client credentials, client authentication, scopes, resources, and every error. */
class TokenEndpointTest {

    private static final String TOKEN = "/tenants/default/token";

    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(
                TestServer.STANDARD_TENANTS, TestDatabases.sqlite().url(), dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void issuesRfc9068AccessTokenVerifiableWithServedJwks() throws JoseException {
        HttpResponse<String> r = server.postForm(
                TOKEN, List.of("grant_type", "client_credentials"), basic("orders-service", ORDERS_SECRET));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = json(r);
        assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asLong()).isEqualTo(600);
        assertThat(body.get("scope").asString()).isEqualTo("orders.read orders.write");

        Jwt jwt = server.verifierFromServedJwks("orders-api")
                .verify(body.get("access_token").asString());
        assertThat(jwt.header().type()).isEqualTo("at+jwt");
        assertThat(jwt.header().algorithm()).isEqualTo("RS256");
        assertThat(jwt.claims().issuer()).isEqualTo(server.issuer());
        assertThat(jwt.claims().subject()).isEqualTo("orders-service");
        assertThat(jwt.claims().getString("client_id")).isEqualTo("orders-service");
        assertThat(jwt.claims().audience()).containsExactly("orders-api", "billing-api");
        assertThat(jwt.claims().getString("scope")).isEqualTo("orders.read orders.write");
        assertThat(jwt.claims().jwtId()).hasSizeGreaterThanOrEqualTo(22);
        assertThat(jwt.claims().expiresAt()).isEqualTo(jwt.claims().issuedAt().plusSeconds(600));
    }

    @Test
    void eachTokenHasItsOwnJti() throws JoseException {
        String a = server.ordersToken().get("access_token").asString();
        String b = server.ordersToken().get("access_token").asString();
        var verifier = server.verifierFromServedJwks("orders-api");
        assertThat(verifier.verify(a).claims().jwtId())
                .isNotEqualTo(verifier.verify(b).claims().jwtId());
    }

    @Test
    void requestedScopeSubsetIsGranted() throws JoseException {
        JsonNode body = server.ordersToken("scope", "orders.read");
        assertThat(body.get("scope").asString()).isEqualTo("orders.read");
        Jwt jwt = server.verifierFromServedJwks("orders-api")
                .verify(body.get("access_token").asString());
        assertThat(jwt.claims().getString("scope")).isEqualTo("orders.read");
    }

    @Test
    void resourceSelectsTheAudience() throws JoseException {
        JsonNode body = server.ordersToken("resource", "billing-api");
        Jwt jwt = server.verifierFromServedJwks("billing-api")
                .verify(body.get("access_token").asString());
        assertThat(jwt.claims().audience()).containsExactly("billing-api");
        // ... and a verifier for the other API refuses it.
        assertThatThrownBy(() -> server.verifierFromServedJwks("orders-api")
                        .verify(body.get("access_token").asString()))
                .isInstanceOf(JoseException.class)
                .satisfies(
                        e -> assertThat(((JoseException) e).reason()).isEqualTo(JoseException.Reason.WRONG_AUDIENCE));
    }

    @Test
    void clientSecretPostAuthenticates() {
        HttpResponse<String> r = server.postForm(
                TOKEN,
                List.of(
                        "grant_type",
                        "client_credentials",
                        "client_id",
                        "reports-service",
                        "client_secret",
                        REPORTS_SECRET));
        assertThat(r.statusCode()).isEqualTo(200);
        // reports-service is registered for opaque tokens: a random reference, not a JWT.
        String token = json(r).get("access_token").asString();
        assertThat(token).doesNotContain(".").hasSize(43);
    }

    @Test
    void wrongSecretIsInvalidClientWith401AndChallenge() {
        HttpResponse<String> r = server.postForm(
                TOKEN, List.of("grant_type", "client_credentials"), basic("orders-service", ORDERS_SECRET + "x"));
        assertError(r, 401, "invalid_client");
        assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic ");
    }

    @Test
    void unknownClientIsInvalidClientWithoutSayingSo() {
        HttpResponse<String> r =
                server.postForm(TOKEN, List.of("grant_type", "client_credentials"), basic("nobody", ORDERS_SECRET));
        assertError(r, 401, "invalid_client");
        HttpResponse<String> wrongSecret =
                server.postForm(TOKEN, List.of("grant_type", "client_credentials"), basic("orders-service", "wrong"));
        assertThat(json(r).get("error_description")).isEqualTo(json(wrongSecret).get("error_description"));
    }

    @Test
    void missingClientAuthenticationIsInvalidClient() {
        assertError(server.postForm(TOKEN, List.of("grant_type", "client_credentials")), 401, "invalid_client");
    }

    @Test
    void clientMustUseItsRegisteredAuthMethod() {
        // orders-service is registered for client_secret_basic; the right secret in the form is refused.
        HttpResponse<String> r = server.postForm(
                TOKEN,
                List.of(
                        "grant_type",
                        "client_credentials",
                        "client_id",
                        "orders-service",
                        "client_secret",
                        ORDERS_SECRET));
        assertError(r, 401, "invalid_client");
    }

    @Test
    void twoAuthenticationMethodsAtOnceAreInvalidRequest() {
        HttpResponse<String> r = server.postForm(
                TOKEN,
                List.of(
                        "grant_type",
                        "client_credentials",
                        "client_id",
                        "orders-service",
                        "client_secret",
                        ORDERS_SECRET),
                basic("orders-service", ORDERS_SECRET));
        assertError(r, 400, "invalid_request");
    }

    @Test
    void malformedBasicHeaderIsInvalidClient() {
        assertError(
                server.postForm(TOKEN, List.of("grant_type", "client_credentials"), "Authorization", "Basic %%%"),
                401,
                "invalid_client");
        assertError(
                server.postForm(TOKEN, List.of("grant_type", "client_credentials"), "Authorization", "Bearer abc"),
                401,
                "invalid_client");
    }

    @Test
    void scopeNotAllowedIsInvalidScope() {
        HttpResponse<String> r = server.postForm(
                TOKEN,
                List.of("grant_type", "client_credentials", "scope", "orders.read admin"),
                basic("orders-service", ORDERS_SECRET));
        assertError(r, 400, "invalid_scope");
        assertThat(json(r).get("error_description").asString()).contains("admin");
    }

    @Test
    void malformedScopeIsInvalidScope() {
        assertError(
                server.postForm(
                        TOKEN,
                        List.of("grant_type", "client_credentials", "scope", "orders.read  orders.write"),
                        basic("orders-service", ORDERS_SECRET)),
                400,
                "invalid_scope");
    }

    @Test
    void unknownResourceIsInvalidTarget() {
        assertError(
                server.postForm(
                        TOKEN,
                        List.of("grant_type", "client_credentials", "resource", "https://evil.example"),
                        basic("orders-service", ORDERS_SECRET)),
                400,
                "invalid_target");
    }

    @Test
    void unsupportedGrantType() {
        assertError(
                server.postForm(
                        TOKEN,
                        List.of("grant_type", "password", "username", "u", "password", "p"),
                        basic("orders-service", ORDERS_SECRET)),
                400,
                "unsupported_grant_type");
    }

    @Test
    void anUnsupportedGrantTypeIsQuotedOnlyAsPrintableTextCutShort() {
        String hostile = "x\"\\\u202e\u00e9".repeat(100); // control characters are refused earlier
        HttpResponse<String> r =
                server.postForm(TOKEN, List.of("grant_type", hostile), basic("orders-service", ORDERS_SECRET));
        assertError(r, 400, "unsupported_grant_type");
        String description = json(r).get("error_description").asString();
        // RFC 6749 §5.2: error_description is printable ASCII without '"' and '\'.
        assertThat(description.chars()).allMatch(c -> c >= 0x20 && c <= 0x7E && c != '"' && c != '\\');
        assertThat(description).hasSizeLessThan(200);
    }

    @Test
    void missingGrantTypeIsInvalidRequest() {
        assertError(
                server.postForm(TOKEN, List.of("scope", "orders.read"), basic("orders-service", ORDERS_SECRET)),
                400,
                "invalid_request");
    }

    @Test
    void clientWithoutTheGrantIsUnauthorizedClient() {
        assertError(
                server.postForm(TOKEN, List.of("grant_type", "client_credentials"), basic("no-grant", ORDERS_SECRET)),
                400,
                "unauthorized_client");
    }

    @Test
    void repeatedParameterIsInvalidRequest() {
        assertError(
                server.postForm(
                        TOKEN,
                        List.of("grant_type", "client_credentials", "scope", "orders.read", "scope", "orders.write"),
                        basic("orders-service", ORDERS_SECRET)),
                400,
                "invalid_request");
    }

    @Test
    void wrongContentTypeIsInvalidRequest() {
        HttpResponse<String> r = server.postRaw(
                TOKEN,
                "application/json",
                "{\"grant_type\":\"client_credentials\"}".getBytes(StandardCharsets.UTF_8),
                basic("orders-service", ORDERS_SECRET));
        assertError(r, 400, "invalid_request");
        assertThat(json(r).get("error_description").asString()).contains("application/x-www-form-urlencoded");
        assertError(
                server.postRaw(
                        TOKEN,
                        null,
                        "grant_type=client_credentials".getBytes(StandardCharsets.UTF_8),
                        basic("orders-service", ORDERS_SECRET)),
                400,
                "invalid_request");
    }

    @Test
    void badPercentEncodingIsInvalidRequest() {
        assertError(
                server.postRaw(
                        TOKEN,
                        "application/x-www-form-urlencoded",
                        "grant_type=client_credentials&scope=%zz".getBytes(StandardCharsets.US_ASCII),
                        basic("orders-service", ORDERS_SECRET)),
                400,
                "invalid_request");
        assertError(
                server.postRaw(
                        TOKEN,
                        "application/x-www-form-urlencoded",
                        "grant_type=client_credentials&scope=%4".getBytes(StandardCharsets.US_ASCII),
                        basic("orders-service", ORDERS_SECRET)),
                400,
                "invalid_request");
    }

    @Test
    void invalidUtf8IsInvalidRequest() {
        assertError(
                server.postRaw(
                        TOKEN,
                        "application/x-www-form-urlencoded",
                        "grant_type=client_credentials&scope=%C3%28".getBytes(StandardCharsets.US_ASCII),
                        basic("orders-service", ORDERS_SECRET)),
                400,
                "invalid_request");
    }

    @Test
    void controlCharactersAreInvalidRequest() {
        assertError(
                server.postRaw(
                        TOKEN,
                        "application/x-www-form-urlencoded",
                        "grant_type=client_credentials%00".getBytes(StandardCharsets.US_ASCII),
                        basic("orders-service", ORDERS_SECRET)),
                400,
                "invalid_request");
    }

    @Test
    void oversizedBodyIsRefusedWith413() {
        byte[] big = ("grant_type=client_credentials&pad=" + "a".repeat(70_000)).getBytes(StandardCharsets.US_ASCII);
        // The server answers 413 as soon as it sees the length and may close the connection while the
        // client is still writing the body; a client can then lose the answer to the reset (a transport
        // race, not a server error). Retry the transport failure only: every answer received must be 413.
        HttpResponse<String> r = null;
        for (int attempt = 1; r == null; attempt++) {
            try {
                r = server.postRaw(
                        TOKEN, "application/x-www-form-urlencoded", big, basic("orders-service", ORDERS_SECRET));
            } catch (java.io.UncheckedIOException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
        assertError(r, 413, "invalid_request");
    }

    @Test
    void parametersInTheQueryStringAreRefused() {
        assertError(
                server.postForm(
                        TOKEN + "?client_secret=x",
                        List.of("grant_type", "client_credentials"),
                        basic("orders-service", ORDERS_SECRET)),
                400,
                "invalid_request");
    }

    @Test
    void unknownTenantIs404() {
        assertError(
                server.postForm(
                        "/tenants/nobody/token",
                        List.of("grant_type", "client_credentials"),
                        basic("orders-service", ORDERS_SECRET)),
                404,
                "not_found");
    }

    @Test
    void getOnTokenEndpointIsNotAllowed() {
        HttpResponse<String> r = server.get(TOKEN);
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at dev.");
    }

    @Test
    void failedAuthenticationsAreAudited() {
        server.postForm(TOKEN, List.of("grant_type", "client_credentials"), basic("audited-nobody", "x"));
        String adminSecret = readAdminCredential();
        HttpResponse<String> audit =
                server.get("/admin/tenants/default/audit", "Authorization", "Bearer " + adminSecret);
        assertThat(audit.statusCode()).isEqualTo(200);
        assertThat(audit.body())
                .contains("client.authentication_failed")
                .contains("audited-nobody")
                .doesNotContain(ORDERS_SECRET);
    }

    @Test
    void issuedTokensAreAuditedAsSummaryRowsByDefault() {
        String jti = jtiOf(server.ordersToken().get("access_token").asString());
        HttpResponse<String> audit =
                server.get("/admin/tenants/default/audit", "Authorization", "Bearer " + readAdminCredential());
        assertThat(audit.body())
                .contains("\"token.issued.summary\"")
                .containsPattern("count=[1-9]\\d* first=")
                .doesNotContain(jti)
                .doesNotContain("\"token.issued\"");
    }

    @Test
    void eachIssuedTokenIsAuditedWithItsJtiWhenConfigured(@TempDir Path other) {
        try (TestServer each = TestServer.start(
                TestServer.STANDARD_TENANTS,
                TestDatabases.sqlite().url(),
                other,
                dev.signet.server.MutableClock.startingNow(),
                java.util.Map.of(dev.signet.server.config.Setting.AUDIT_ISSUED_TOKENS, "each"))) {
            String jti = jtiOf(each.ordersToken().get("access_token").asString());
            String admin;
            try {
                admin = java.nio.file.Files.readString(other.resolve("admin-credential"))
                        .strip();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            HttpResponse<String> audit = each.get("/admin/tenants/default/audit", "Authorization", "Bearer " + admin);
            assertThat(audit.body())
                    .contains("\"token.issued\"")
                    .contains("jti=" + jti)
                    .doesNotContain("token.issued.summary");
        }
    }

    private static String jtiOf(String jwt) {
        String payload = new String(
                java.util.Base64.getUrlDecoder().decode(jwt.split("\\.", -1)[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        return tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .readTree(payload)
                .get("jti")
                .asString();
    }

    static String readAdminCredential() {
        try {
            return java.nio.file.Files.readString(server.dataDir().resolve("admin-credential"))
                    .strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void assertError(HttpResponse<String> r, int status, String error) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = json(r);
        assertThat(body.get("error").asString()).isEqualTo(error);
        assertThat(body.get("error_description").asString()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
