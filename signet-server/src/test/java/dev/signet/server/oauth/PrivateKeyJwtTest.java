package dev.signet.server.oauth;

import static dev.signet.server.TestServer.json;
import static dev.signet.server.oauth.TokenEndpointTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtClaims;
import dev.signet.jose.JwtSigner;
import dev.signet.server.Secrets;
import dev.signet.server.TestDatabases;
import dev.signet.server.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 7523 client authentication: signature, iss/sub, audience, lifetime and jti replay. */
class PrivateKeyJwtTest {

    private static final String TOKEN = "/tenants/default/token";
    private static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    @TempDir
    static Path dir;

    static TestServer server;
    static Jwk clientKey;

    @BeforeAll
    static void start() throws Exception {
        clientKey = Jwk.generate(JwsAlgorithm.ES256);
        String yaml = TestServer.STANDARD_TENANTS
                + """
                      - id: signing-service
                        auth-method: private_key_jwt
                        jwks: '{"keys":[%s]}'
                        scopes: [orders.read]
                        audiences: [orders-api]
                """.formatted(clientKey.toPublicJwk().toJson());
        server = TestServer.start(yaml, TestDatabases.sqlite().url(), dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JwtClaims.Builder claims() {
        Instant now = server.clock().instant();
        return JwtClaims.builder()
                .issuer("signing-service")
                .subject("signing-service")
                .audience(server.issuer())
                .issuedAt(now)
                .expiresAt(now.plusSeconds(60))
                .jwtId(Secrets.randomId());
    }

    private static String sign(Jwk key, JwtClaims claims) throws Exception {
        return JwtSigner.builder(key).build().sign(claims);
    }

    private static HttpResponse<String> token(String assertion, String... extra) {
        List<String> form = new java.util.ArrayList<>(List.of(
                "grant_type", "client_credentials", "client_assertion_type", TYPE, "client_assertion", assertion));
        form.addAll(List.of(extra));
        return server.postForm(TOKEN, form);
    }

    @Test
    void signedAssertionAuthenticatesTheClient() throws Exception {
        HttpResponse<String> r = token(sign(clientKey, claims().build()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(server.verifierFromServedJwks("orders-api")
                        .verify(json(r).get("access_token").asString())
                        .claims()
                        .subject())
                .isEqualTo("signing-service");
    }

    @Test
    void tokenEndpointUrlIsAnAcceptedAudienceAndClientIdMayBeGiven() throws Exception {
        HttpResponse<String> r = token(
                sign(clientKey, claims().audience(server.issuer() + "/token").build()), "client_id", "signing-service");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void replayedAssertionIsRefused() throws Exception {
        String assertion = sign(clientKey, claims().build());
        assertThat(token(assertion).statusCode()).isEqualTo(200);
        assertError(token(assertion), 401, "invalid_client");
        String admin =
                java.nio.file.Files.readString(dir.resolve("admin-credential")).strip();
        assertThat(server.get("/admin/tenants/default/audit", "Authorization", "Bearer " + admin)
                        .body())
                .contains("assertion replayed");
    }

    @Test
    void assertionForAnotherAudienceIsRefused() throws Exception {
        assertError(
                token(sign(
                        clientKey,
                        claims().audience("https://other.example/token").build())),
                401,
                "invalid_client");
    }

    @Test
    void expiredOrLongLivedAssertionsAreRefused() throws Exception {
        Instant now = server.clock().instant();
        assertError(
                token(sign(
                        clientKey,
                        claims().issuedAt(now.minusSeconds(600))
                                .expiresAt(now.minusSeconds(120))
                                .build())),
                401,
                "invalid_client");
        assertError(
                token(sign(
                        clientKey,
                        claims().expiresAt(now.plus(Duration.ofHours(1))).build())),
                401,
                "invalid_client");
        assertError(token(sign(clientKey, claims().expiresAt(null).build())), 401, "invalid_client");
    }

    @Test
    void assertionWithoutJtiIsRefused() throws Exception {
        assertError(token(sign(clientKey, claims().jwtId(null).build())), 401, "invalid_client");
    }

    @Test
    void assertionSignedByAnotherKeyIsRefused() throws Exception {
        assertError(token(sign(Jwk.generate(JwsAlgorithm.ES256), claims().build())), 401, "invalid_client");
    }

    @Test
    void subjectMustBeTheClient() throws Exception {
        assertError(token(sign(clientKey, claims().subject("orders-service").build())), 401, "invalid_client");
        assertError(token(sign(clientKey, claims().build()), "client_id", "orders-service"), 401, "invalid_client");
    }

    @Test
    void hmacAssertionIsRefused() throws Exception {
        Jwk secret = Jwk.generate(JwsAlgorithm.HS256);
        assertError(token(sign(secret, claims().build())), 401, "invalid_client");
    }

    @Test
    void wrongAssertionTypeIsInvalidClient() throws Exception {
        HttpResponse<String> r = server.postForm(
                TOKEN,
                List.of(
                        "grant_type",
                        "client_credentials",
                        "client_assertion_type",
                        "urn:example:other",
                        "client_assertion",
                        sign(clientKey, claims().build())));
        assertError(r, 401, "invalid_client");
    }

    @Test
    void assertionAndSecretTogetherAreInvalidRequest() throws Exception {
        HttpResponse<String> r = server.postForm(
                TOKEN,
                List.of(
                        "grant_type",
                        "client_credentials",
                        "client_assertion_type",
                        TYPE,
                        "client_assertion",
                        sign(clientKey, claims().build())),
                TestServer.basic("orders-service", TestServer.ORDERS_SECRET));
        assertError(r, 400, "invalid_request");
    }

    @Test
    void secretClientCannotAuthenticateWithAnAssertion() throws Exception {
        Jwk other = Jwk.generate(JwsAlgorithm.ES256);
        JwtClaims c =
                claims().issuer("orders-service").subject("orders-service").build();
        assertError(token(sign(other, c)), 401, "invalid_client");
    }

    @Test
    void discoveryAdvertisesPrivateKeyJwt() {
        HttpResponse<String> r = server.get("/.well-known/oauth-authorization-server/tenants/default");
        assertThat(json(r).get("token_endpoint_auth_methods_supported").toString())
                .contains("private_key_jwt");
        assertThat(json(r).get("token_endpoint_auth_signing_alg_values_supported")
                        .toString())
                .contains("ES256")
                .doesNotContain("HS256");
    }
}
