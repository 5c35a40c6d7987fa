package dev.signet.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.jose.JoseException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JwtVerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String ISS = "https://issuer.example/tenants/default";
    private static Jwk key;
    private static JwtSigner signer;

    @BeforeAll
    static void keys() throws JoseException {
        key = Jwk.generate(JwsAlgorithm.ES256);
        signer = JwtSigner.builder(key).type("at+jwt").build();
    }

    private static JwtClaims.Builder valid() {
        return JwtClaims.builder()
                .issuer(ISS)
                .subject("client-1")
                .audience("api")
                .issuedAt(NOW)
                .expiresAt(NOW.plusSeconds(600))
                .claim("scope", "read write");
    }

    private static JwtVerifier.Builder verifier() {
        return JwtVerifier.builder(KeySource.of(key.toPublicJwk()))
                .issuer(ISS)
                .audience("api")
                .clock(CLOCK);
    }

    private static void rejects(JwtVerifier v, JwtClaims.Builder claims, Reason reason) {
        assertThatThrownBy(() -> v.verify(signer.sign(claims.build())))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void acceptsAValidAccessToken() throws JoseException {
        Jwt jwt = verifier().type("at+jwt").build().verify(signer.sign(valid().build()));
        assertThat(jwt.claims().subject()).isEqualTo("client-1");
        assertThat(jwt.claims().getString("scope")).isEqualTo("read write");
    }

    @Test
    void refusesToBuildWithoutIssuerOrAudience() {
        assertThatThrownBy(() ->
                        JwtVerifier.builder(KeySource.of(key)).audience("api").build())
                .hasMessageContaining("acceptAnyIssuer");
        assertThatThrownBy(
                        () -> JwtVerifier.builder(KeySource.of(key)).issuer(ISS).build())
                .hasMessageContaining("acceptAnyAudience");
        assertThatThrownBy(() -> JwtVerifier.builder(KeySource.of(key))
                        .issuer(ISS)
                        .acceptAnyIssuer()
                        .audience("a")
                        .build())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void timeChecksComeBeforeIssuerAndAudience() {
        JwtVerifier v = verifier().build();
        rejects(v, valid().issuer("https://evil.example").expiresAt(NOW.minusSeconds(3600)), Reason.EXPIRED);
        rejects(v, valid().issuer("https://evil.example").audience("other"), Reason.WRONG_ISSUER);
        rejects(v, valid().audience("other").claim("scope", null), Reason.WRONG_AUDIENCE);
    }

    @Test
    void appliesClockSkewToExpNbfAndIat() throws JoseException {
        JwtVerifier v = verifier().build();
        v.verify(signer.sign(valid().expiresAt(NOW.minusSeconds(59)).build()));
        rejects(v, valid().expiresAt(NOW.minusSeconds(60)), Reason.EXPIRED);
        v.verify(signer.sign(valid().notBefore(NOW.plusSeconds(60)).build()));
        rejects(v, valid().notBefore(NOW.plusSeconds(61)), Reason.NOT_YET_VALID);
        rejects(v, valid().issuedAt(NOW.plusSeconds(61)), Reason.ISSUED_IN_FUTURE);
        JwtVerifier strict = verifier().clockSkew(Duration.ZERO).build();
        rejects(strict, valid().expiresAt(NOW), Reason.EXPIRED);
    }

    @Test
    void requiresExpirationUnlessLoudlyWaived() throws JoseException {
        rejects(verifier().build(), valid().expiresAt(null), Reason.MISSING_CLAIM);
        verifier()
                .acceptTokensWithoutExpiration()
                .build()
                .verify(signer.sign(valid().expiresAt(null).build()));
    }

    @Test
    void acceptsAnyOfSeveralIssuersAndAudiences() throws JoseException {
        JwtVerifier v = JwtVerifier.builder(KeySource.of(key))
                .issuer("https://a.example", ISS)
                .audience("x", "api")
                .clock(CLOCK)
                .build();
        v.verify(signer.sign(valid().audience(List.of("y", "api")).build()));
        rejects(v, valid().audience(List.of()), Reason.WRONG_AUDIENCE);
        rejects(v, valid().issuer(null), Reason.WRONG_ISSUER);
    }

    @Test
    void checksRequiredClaimsMaxAgeAndPredicatesInOrder() throws JoseException {
        JwtVerifier v = verifier()
                .requireClaims("jti")
                .maxTokenAge(Duration.ofMinutes(5))
                .claim("scope", s -> s instanceof String string && string.contains("write"))
                .claimEquals("tenant", "default")
                .build();
        JwtClaims.Builder ok = valid().jwtId("1").claim("tenant", "default");
        v.verify(signer.sign(ok.build()));
        rejects(v, valid().claim("tenant", "default"), Reason.MISSING_CLAIM);
        rejects(v, valid().jwtId("1").claim("tenant", "default").issuedAt(NOW.minusSeconds(361)), Reason.TOO_OLD);
        rejects(v, valid().jwtId("1").claim("tenant", "default").claim("scope", "read"), Reason.CLAIM_REJECTED);
        rejects(v, valid().jwtId("1").claim("tenant", "other"), Reason.CLAIM_REJECTED);
        rejects(v, valid().jwtId("1"), Reason.MISSING_CLAIM);
    }

    @Test
    void comparesTypPerRfc7515() throws JoseException {
        JwtVerifier v = verifier().type("at+jwt").build();
        String asApplication =
                JwtSigner.builder(key).type("application/AT+JWT").build().sign(valid().build());
        v.verify(asApplication);
        String idToken = JwtSigner.builder(key).build().sign(valid().build());
        assertThatThrownBy(() -> v.verify(idToken))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_TYPE));
    }

    @Test
    void rejectionMessagesSayWhatWasExpectedAndFound() {
        Consumer<JoseException> wrongIss = e -> assertThat(e.getMessage())
                .isEqualTo("WRONG_ISSUER: expected iss \"" + ISS + "\", found \"https://evil.example\"");
        assertThatThrownBy(() -> verifier()
                        .build()
                        .verify(signer.sign(
                                valid().issuer("https://evil.example").build())))
                .isInstanceOfSatisfying(JoseException.class, wrongIss);
    }

    @Test
    void findsTheKeyByKidAmongSeveral() throws JoseException {
        Jwk other = Jwk.generate(JwsAlgorithm.ES256);
        JwtVerifier v = JwtVerifier.builder(KeySource.of(JwkSet.of(other.toPublicJwk(), key.toPublicJwk())))
                .issuer(ISS)
                .audience("api")
                .clock(CLOCK)
                .build();
        assertThat(v.verify(signer.sign(valid().build())).key().keyId()).isEqualTo(key.keyId());
        Jwk unknown = Jwk.generate(JwsAlgorithm.ES256);
        assertThatThrownBy(() -> v.verify(JwtSigner.builder(unknown).build().sign(valid().build())))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_NOT_FOUND));
    }
}
