package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.CLAIM_REJECTED;
import static dev.signet.jose.JoseException.Reason.MISSING_CLAIM;
import static dev.signet.jose.JoseException.Reason.WRONG_AUDIENCE;
import static dev.signet.jose.JoseException.Reason.WRONG_ISSUER;
import static dev.signet.jose.attacks.Forge.rejects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.signet.jose.JwtClaims;
import dev.signet.jose.JwtVerifier;
import dev.signet.jose.KeySource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tokens from the right key for the wrong party: another issuer sharing a JWKS (multi-tenant
 * issuers), another audience (a token minted for service A replayed at service B). Issuer and
 * audience compare exactly — no case folding, no URL normalisation — and must be configured.
 */
class IssuerAudienceAttackTest {

    private static final JwtVerifier VERIFIER = TrustedIssuer.verifier().build();

    private static String token(JwtClaims.Builder claims) {
        return TrustedIssuer.signed(TrustedIssuer.EC, claims.build());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "HTTPS://ISSUER.EXAMPLE",
                "https://Issuer.example",
                "https://issuer.example/",
                "https://issuer.example.evil",
                "https://issuer.example#",
                "https://issuer.example ",
                " https://issuer.example",
                "http://issuer.example",
                "https://issuer.example/tenants/other",
                ""
            })
    void rejectsIssuerThatOnlyResemblesTheExpectedOne(String iss) {
        rejects(WRONG_ISSUER, () -> VERIFIER.verify(token(TrustedIssuer.claims().issuer(iss))));
    }

    @Test
    void rejectsTokenWithoutIssuer() {
        rejects(WRONG_ISSUER, () -> VERIFIER.verify(token(TrustedIssuer.claims().issuer(null))));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://other.example",
                "HTTPS://API.EXAMPLE",
                "https://api.example/",
                "https://api.example.evil",
                "api.example",
                ""
            })
    void rejectsAudienceThatOnlyResemblesTheExpectedOne(String aud) {
        rejects(
                WRONG_AUDIENCE,
                () -> VERIFIER.verify(token(TrustedIssuer.claims().audience(aud))));
    }

    @Test
    void rejectsTokenWithoutAudience() {
        rejects(
                WRONG_AUDIENCE,
                () -> VERIFIER.verify(token(TrustedIssuer.claims().audience((String) null))));
    }

    @Test
    void rejectsAudienceArrayWithoutTheExpectedValue() {
        rejects(
                WRONG_AUDIENCE,
                () -> VERIFIER.verify(
                        token(TrustedIssuer.claims().audience(List.of("https://a.example", "https://b.example")))));
    }

    @Test
    void acceptsAudienceArrayContainingTheExpectedValue() throws Exception {
        assertThat(VERIFIER.verify(token(
                                TrustedIssuer.claims().audience(List.of("https://a.example", TrustedIssuer.AUDIENCE))))
                        .claims()
                        .audience())
                .contains(TrustedIssuer.AUDIENCE);
    }

    @Test
    void refusesToBuildWithoutIssuerNamingTheOptOut() {
        JwtVerifier.Builder b =
                JwtVerifier.builder(KeySource.of(TrustedIssuer.HMAC)).audience(TrustedIssuer.AUDIENCE);
        assertThatIllegalStateException().isThrownBy(b::build).withMessageContaining("acceptAnyIssuer");
    }

    @Test
    void refusesToBuildWithoutAudienceNamingTheOptOut() {
        JwtVerifier.Builder b =
                JwtVerifier.builder(KeySource.of(TrustedIssuer.HMAC)).issuer(TrustedIssuer.ISSUER);
        assertThatIllegalStateException().isThrownBy(b::build).withMessageContaining("acceptAnyAudience");
    }

    @Test
    void refusesToBuildWithNeitherNamingBothOptOuts() {
        assertThatIllegalStateException()
                .isThrownBy(() ->
                        JwtVerifier.builder(KeySource.of(TrustedIssuer.HMAC)).build())
                .withMessageContaining("acceptAnyIssuer");
        assertThatIllegalStateException()
                .isThrownBy(() -> JwtVerifier.builder(KeySource.of(TrustedIssuer.HMAC))
                        .acceptAnyIssuer()
                        .build())
                .withMessageContaining("acceptAnyAudience");
    }

    @Test
    void refusesContradictoryIssuerAndAudienceSettings() {
        assertThatIllegalStateException()
                .isThrownBy(() -> TrustedIssuer.verifier().acceptAnyIssuer().build());
        assertThatIllegalStateException()
                .isThrownBy(() -> TrustedIssuer.verifier().acceptAnyAudience().build());
    }

    @Test
    void acceptsAnyIssuerAndAudienceOnlyWithTheNamedOptOuts() throws Exception {
        JwtVerifier anything = JwtVerifier.builder(KeySource.of(TrustedIssuer.EC.toPublicJwk()))
                .acceptAnyIssuer()
                .acceptAnyAudience()
                .clock(TrustedIssuer.CLOCK)
                .build();
        anything.verify(token(TrustedIssuer.claims().issuer("https://elsewhere").audience("https://elsewhere")));
    }

    @Test
    void rejectsMissingOrNullRequiredClaim() {
        JwtVerifier needsTenant =
                TrustedIssuer.hmacVerifier().requireClaims("sub", "tenant").build();
        rejects(MISSING_CLAIM, () -> needsTenant.verify(TrustedIssuer.hs256(TrustedIssuer.claimsJson())));
        rejects(
                MISSING_CLAIM,
                () -> needsTenant.verify(TrustedIssuer.hs256(TrustedIssuer.claimsJson("\"tenant\":null"))));
    }

    @Test
    void rejectsClaimThePolicyRefusesEvenWhenThePredicateThrows() {
        JwtVerifier admins = TrustedIssuer.verifier()
                .claimEquals("role", "admin")
                .claim("scope", v -> ((String) v).contains("write"))
                .build();
        rejects(MISSING_CLAIM, () -> admins.verify(token(TrustedIssuer.claims())));
        rejects(
                CLAIM_REJECTED,
                () -> admins.verify(
                        token(TrustedIssuer.claims().claim("role", "user").claim("scope", "write"))));
        // A predicate that throws on a hostile type (ClassCastException) rejects; it does not escape.
        rejects(
                CLAIM_REJECTED,
                () -> admins.verify(
                        token(TrustedIssuer.claims().claim("role", "admin").claim("scope", 42))));
    }
}
