package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.MALFORMED;
import static dev.signet.jose.JoseException.Reason.WRONG_AUDIENCE;
import static dev.signet.jose.attacks.Forge.json;
import static dev.signet.jose.attacks.Forge.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Registered claims with the wrong JSON type. A verifier that compares {@code "exp": "9999999999"}
 * as text, coerces it, or skips a check whose claim "is not a number" lets an expired token live;
 * one that reads {@code aud} loosely lets a token for another service in. Every token is
 * correctly signed: only the claim type can reject it.
 */
class ClaimTypeConfusionAttackTest {

    private static final String ISS = "'iss':'" + TrustedIssuer.ISSUER + "'";
    private static final String AUD = "'aud':'" + TrustedIssuer.AUDIENCE + "'";
    private static final String EXP = "'exp':" + (TrustedIssuer.NOW.getEpochSecond() + 300);

    private static String token(String claims) {
        return TrustedIssuer.hs256(json(claims));
    }

    private static JwtVerifier verifier() {
        return TrustedIssuer.hmacVerifier().build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"exp", "nbf", "iat"})
    void rejectsNumericDateWrittenAsString(String claim) {
        String value = "'" + (TrustedIssuer.NOW.getEpochSecond() + 300) + "'";
        String claims =
                "{" + ISS + "," + AUD + ",'" + claim + "':" + value + (claim.equals("exp") ? "" : "," + EXP) + "}";
        rejects(MALFORMED, () -> verifier().verify(token(claims)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "'2030-01-01T00:05:00Z'",
                "true",
                "null",
                "[1893456300]",
                "{'$date':1893456300}",
                "''",
                "1e400",
                "-1e400",
                "99999999999999999999999",
                "-9223372036854775808",
                "9223372036854775807",
                "31556889864403200",
                "3.15568898644032E16",
                "-31556889864403200"
            })
    void rejectsExpThatIsNotAUsableNumericDate(String value) {
        // Strings, containers, null, and numbers beyond what an Instant holds.
        rejects(MALFORMED, () -> verifier().verify(token("{" + ISS + "," + AUD + ",'exp':" + value + "}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"31556889864403199", "3.1556889864403196E16"})
    void acceptsExpAtTheEndOfTimeWithoutOverflow(String value) throws Exception {
        // The largest NumericDates an Instant holds: adding the clock skew must not overflow.
        assertThat(verifier()
                        .verify(token("{" + ISS + "," + AUD + ",'exp':" + value + "}"))
                        .claims()
                        .expiresAt())
                .isAfter(TrustedIssuer.NOW);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'" + "x':'" + "https://api.example'}",
                "1",
                "true",
                "null",
                "['https://api.example',1]",
                "[['https://api.example']]",
                "['https://api.example',null]",
                "[{'aud':'https://api.example'}]"
            })
    void rejectsAudienceOfTheWrongType(String aud) {
        rejects(MALFORMED, () -> verifier().verify(token("{" + ISS + "," + EXP + ",'aud':" + aud + "}")));
    }

    @Test
    void rejectsNumbersBeyondTheDoubleRangeAnywhere() {
        // Found by JwkFuzzTest: 1e400 parsed to Infinity, a value no JSON writer can produce, so
        // writing the claims, header or key back out threw. Such a number is now malformed on input.
        rejects(MALFORMED, () -> verifier().verify(token("{" + ISS + "," + AUD + "," + EXP + ",'amount':1e400}")));
        String header = "{\"alg\":\"HS256\",\"kid\":\"hmac-1\",\"x\":-1e400}";
        rejects(
                MALFORMED,
                () -> verifier()
                        .verify(Forge.hmac(
                                JwsAlgorithm.HS256, TrustedIssuer.SECRET, header, TrustedIssuer.claimsJson())));
        rejects(MALFORMED, () -> Jwk.parse("{\"kty\":\"oct\",\"k\":\"AAAA\",\"x\":[1.11e11111]}"));
    }

    @Test
    void rejectsEmptyAudienceArrayAsWrongAudience() {
        rejects(WRONG_AUDIENCE, () -> verifier().verify(token("{" + ISS + "," + EXP + ",'aud':[]}")));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "'iss':['https://issuer.example']",
                "'iss':{'id':'https://issuer.example'}",
                "'iss':null",
                "'sub':42",
                "'jti':['a']"
            })
    void rejectsStringClaimsOfTheWrongType(String member) {
        String claims = "{" + AUD + "," + EXP + "," + member + (member.startsWith("'iss'") ? "" : "," + ISS) + "}";
        rejects(MALFORMED, () -> verifier().verify(token(claims)));
    }
}
