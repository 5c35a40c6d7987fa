package dev.signet.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtClaims;
import dev.signet.jose.JwtSigner;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResourceGuardTest {

    private KeyHost host;
    private final TestClock clock = new TestClock();
    private Jwk key;
    private String issuer;
    private ResourceGuard guard;
    private final ProtectedResource resource = ProtectedResource.builder("https://api.example.com/orders")
            .authorizationServer("https://auth.example.com/tenants/default")
            .scopes("orders.read", "orders.write")
            .build();

    @BeforeEach
    void start() throws Exception {
        host = new KeyHost();
        key = Jwk.generate(JwsAlgorithm.ES256).withKeyId("k1");
        host.body.set(JwkSet.of(key).toPublicSet().toJson());
        issuer = host.url("");
        TokenVerifier verifier = TokenVerifier.builder()
                .clock(clock)
                .issuer(Issuer.builder(issuer)
                        .jwksUri(host.url("/jwks"))
                        .audiences("orders-api")
                        .build())
                .build();
        guard = ResourceGuard.of(verifier::verify, resource, "orders", clock);
    }

    @AfterEach
    void stop() {
        host.close();
    }

    private String token(String scope, String acr, Instant authTime) throws Exception {
        Instant now = clock.instant();
        JwtClaims.Builder c = JwtClaims.builder()
                .issuer(issuer)
                .subject("user-1")
                .audience("orders-api")
                .issuedAt(now)
                .expiresAt(now.plusSeconds(300))
                .claim("scope", scope)
                .claim("org_id", "acme");
        if (acr != null) {
            c.claim("acr", acr);
        }
        if (authTime != null) {
            c.claim("auth_time", authTime.getEpochSecond());
        }
        return JwtSigner.builder(key).type("at+jwt").build().sign(c.build());
    }

    private static String tampered(String t) {
        int at = t.lastIndexOf('.') + 10;
        return t.substring(0, at) + (t.charAt(at) == 'A' ? 'B' : 'A') + t.substring(at + 1);
    }

    private static final String META =
            "resource_metadata=\"https://api.example.com/.well-known/oauth-protected-resource/orders\"";

    @Test
    void theMetadataDocumentAndItsUrlFollowRfc9728() throws Exception {
        assertThat(resource.metadataPath()).isEqualTo("/.well-known/oauth-protected-resource/orders");
        assertThat(resource.metadataUrl())
                .isEqualTo("https://api.example.com/.well-known/oauth-protected-resource/orders");
        JwtClaims doc = JwtClaims.parse(resource.metadataJson());
        assertThat(doc.getString("resource")).isEqualTo("https://api.example.com/orders");
        assertThat(doc.getStringList("authorization_servers"))
                .containsExactly("https://auth.example.com/tenants/default");
        assertThat(doc.getStringList("scopes_supported")).containsExactly("orders.read", "orders.write");
        assertThat(doc.getStringList("bearer_methods_supported")).containsExactly("header");
        assertThat(ProtectedResource.builder("https://api.example.com").build().metadataUrl())
                .isEqualTo("https://api.example.com/.well-known/oauth-protected-resource");
        assertThatThrownBy(() -> ProtectedResource.builder("http://api.example.com"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProtectedResource.builder("https://api.example.com/a?x=1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProtectedResource.builder("/relative")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noTokenOrAnotherSchemeGetsABareChallenge() {
        for (List<String> headers : List.of(List.<String>of(), List.of("Basic dXNlcjpwYXNz"), List.of("Digest x"))) {
            ResourceGuard.Result r = guard.check(headers, Requirement.VALID_TOKEN);
            assertThat(r.allowed()).isFalse();
            assertThat(r.challenge().status()).isEqualTo(401);
            assertThat(r.challenge().wwwAuthenticate()).isEqualTo("Bearer realm=\"orders\", " + META);
        }
    }

    @Test
    void unreadableCredentialsAreAnInvalidRequest() throws Exception {
        String t = token("orders.read", null, null);
        for (List<String> headers : List.of(
                List.of("Bearer " + t, "Bearer " + t),
                List.of("Bearer"),
                List.of("Bearer a b"),
                List.of("Bearer ab\"c"),
                List.of("Bearer ==="))) {
            ResourceGuard.Result r = guard.check(headers, Requirement.VALID_TOKEN);
            assertThat(r.challenge().status()).as("%s", headers).isEqualTo(400);
            assertThat(r.challenge().wwwAuthenticate()).contains("error=\"invalid_request\"");
        }
    }

    @Test
    void aValidTokenPassesAndTheSchemeIsCaseInsensitive() throws Exception {
        String t = token("orders.read", null, null);
        for (String scheme : List.of("Bearer ", "bearer ", "BEARER  ")) {
            ResourceGuard.Result r = guard.check(List.of(scheme + t), Requirement.VALID_TOKEN);
            assertThat(r.allowed()).isTrue();
            assertThat(r.principal().subject()).isEqualTo("user-1");
        }
    }

    @Test
    void eachRefusalMapsToItsStandardAnswer() throws Exception {
        ResourceGuard.Result bad =
                guard.check(List.of("Bearer " + tampered(token("x", null, null))), Requirement.VALID_TOKEN);
        assertThat(bad.challenge().status()).isEqualTo(401);
        assertThat(bad.challenge().wwwAuthenticate()).startsWith("Bearer realm=\"orders\", error=\"invalid_token\"");
        assertThat(bad.rejection().reason()).isEqualTo(TokenRejected.Reason.BAD_SIGNATURE);

        Requirement write = Requirement.builder().scopes("orders.write").build();
        ResourceGuard.Result scope = guard.check(List.of("Bearer " + token("orders.read", null, null)), write);
        assertThat(scope.challenge().status()).isEqualTo(403);
        assertThat(scope.challenge().wwwAuthenticate())
                .contains("error=\"insufficient_scope\"", "scope=\"orders.write\"", META);

        Requirement otherOrg =
                Requirement.builder().claimEquals("org_id", "globex").build();
        assertThat(guard.check(List.of("Bearer " + token("orders.read", null, null)), otherOrg)
                        .challenge()
                        .status())
                .isEqualTo(403);

        Requirement stepUp = Requirement.builder()
                .acr("urn:signet:acr:mfa")
                .maxAge(Duration.ofMinutes(5))
                .build();
        ResourceGuard.Result weak =
                guard.check(List.of("Bearer " + token("orders.read", "urn:signet:acr:pwd", clock.instant())), stepUp);
        assertThat(weak.challenge().status()).isEqualTo(401);
        assertThat(weak.challenge().wwwAuthenticate())
                .contains(
                        "error=\"insufficient_user_authentication\"",
                        "acr_values=\"urn:signet:acr:mfa\"",
                        "max_age=\"300\"");
        ResourceGuard.Result old = guard.check(
                List.of("Bearer "
                        + token(
                                "orders.read",
                                "urn:signet:acr:mfa",
                                clock.instant().minusSeconds(600))),
                stepUp);
        assertThat(old.challenge().status()).isEqualTo(401);
        assertThat(guard.check(List.of("Bearer " + token("orders.read", "urn:signet:acr:mfa", clock.instant())), stepUp)
                        .allowed())
                .isTrue();
    }
}
