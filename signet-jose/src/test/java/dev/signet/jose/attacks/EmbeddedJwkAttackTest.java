package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.ALG_NOT_ALLOWED;
import static dev.signet.jose.JoseException.Reason.BAD_SIGNATURE;
import static dev.signet.jose.JoseException.Reason.KEY_REJECTED;
import static dev.signet.jose.JoseException.Reason.MALFORMED;
import static dev.signet.jose.attacks.Forge.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.Jwt;
import dev.signet.jose.JwtVerifier;
import org.junit.jupiter.api.Test;

/**
 * The embedded-{@code jwk} attack (CVE-2018-0114): the attacker signs with their own key and puts
 * its public half in the header. A verifier that trusts the header's key trusts anyone.
 */
class EmbeddedJwkAttackTest {

    private static final Jwk ATTACKER = TrustedIssuer.unchecked(() -> Jwk.generate(JwsAlgorithm.ES256));

    private static String selfSigned(String kid) {
        String header = "{\"alg\":\"ES256\"" + (kid == null ? "" : ",\"kid\":\"" + kid + "\"") + ",\"jwk\":"
                + ATTACKER.toPublicJwk().toJson() + "}";
        return Forge.signed(
                Forge.signingInput(header, TrustedIssuer.claimsJson()), JwsAlgorithm.ES256, ATTACKER.privateKey());
    }

    @Test
    void rejectsAttackerKeyEmbeddedInJwkHeaderByDefault() {
        rejects(BAD_SIGNATURE, () -> TrustedIssuer.verifier().build().verify(selfSigned(null)));
    }

    @Test
    void rejectsAttackerKeyEmbeddedInJwkHeaderUnderTheIssuersKid() {
        rejects(BAD_SIGNATURE, () -> TrustedIssuer.verifier().build().verify(selfSigned("ec-1")));
    }

    @Test
    void ignoresEmbeddedJwkOnATokenTheIssuerSigned() throws Exception {
        // The header's jwk is not even looked at: the configured key decides.
        String header = "{\"alg\":\"ES256\",\"kid\":\"ec-1\",\"jwk\":"
                + ATTACKER.toPublicJwk().toJson() + "}";
        String token = Forge.signed(
                Forge.signingInput(header, TrustedIssuer.claimsJson()),
                JwsAlgorithm.ES256,
                TrustedIssuer.EC.privateKey());
        Jwt jwt = TrustedIssuer.verifier().build().verify(token);
        assertThat(jwt.key().keyId()).isEqualTo("ec-1");
    }

    @Test
    void acceptsEmbeddedJwkOnlyWithTrustEmbeddedJwk() throws Exception {
        JwtVerifier optedIn = TrustedIssuer.verifier().trustEmbeddedJwk().build();
        Jwt jwt = optedIn.verify(selfSigned(null));
        // The caller must now bind the key itself (e.g. DPoP cnf.jkt): the verifier reports which key it was.
        assertThat(jwt.key().thumbprint()).isEqualTo(ATTACKER.thumbprint());
    }

    @Test
    void rejectsEmbeddedJwkHoldingPrivateKeyEvenWhenOptedIn() {
        String header = "{\"alg\":\"ES256\",\"jwk\":" + ATTACKER.toJson() + "}";
        String token = Forge.signed(
                Forge.signingInput(header, TrustedIssuer.claimsJson()), JwsAlgorithm.ES256, ATTACKER.privateKey());
        rejects(
                KEY_REJECTED,
                () -> TrustedIssuer.verifier().trustEmbeddedJwk().build().verify(token));
    }

    @Test
    void rejectsEmbeddedSymmetricJwkEvenWhenOptedIn() {
        // An embedded oct key would let anyone MAC anything.
        byte[] secret = new byte[32];
        String header = "{\"alg\":\"HS256\",\"jwk\":{\"kty\":\"oct\",\"k\":\"" + Forge.b64(secret) + "\"}}";
        String token = Forge.hmac(JwsAlgorithm.HS256, secret, header, TrustedIssuer.claimsJson());
        rejects(
                KEY_REJECTED,
                () -> TrustedIssuer.verifier().trustEmbeddedJwk().build().verify(token));
    }

    @Test
    void rejectsEmbeddedJwkThatDoesNotFitTheAlgorithmEvenWhenOptedIn() {
        String header = "{\"alg\":\"RS256\",\"jwk\":" + ATTACKER.toPublicJwk().toJson() + "}";
        String token = Forge.signingInput(header, TrustedIssuer.claimsJson()) + ".AAAA";
        rejects(
                ALG_NOT_ALLOWED,
                () -> TrustedIssuer.verifier().trustEmbeddedJwk().build().verify(token));
    }

    @Test
    void rejectsEmbeddedJwkOffTheCurveEvenWhenOptedIn() {
        String x = (String) ATTACKER.members().get("x");
        String offCurve = ATTACKER.toPublicJwk().toJson().replace(x, Forge.b64(new byte[32]));
        String header = "{\"alg\":\"ES256\",\"jwk\":" + offCurve + "}";
        String token = Forge.signed(
                Forge.signingInput(header, TrustedIssuer.claimsJson()), JwsAlgorithm.ES256, ATTACKER.privateKey());
        rejects(
                KEY_REJECTED,
                () -> TrustedIssuer.verifier().trustEmbeddedJwk().build().verify(token));
    }

    @Test
    void rejectsJwkHeaderThatIsNotAnObject() {
        String token =
                Forge.signingInput("{\"alg\":\"ES256\",\"jwk\":\"eyJrdHkiOiJFQyJ9\"}", TrustedIssuer.claimsJson())
                        + ".AAAA";
        rejects(MALFORMED, () -> TrustedIssuer.verifier().build().verify(token));
    }
}
