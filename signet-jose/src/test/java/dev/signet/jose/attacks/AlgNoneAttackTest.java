package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.ALG_NOT_ALLOWED;
import static dev.signet.jose.JoseException.Reason.MALFORMED;
import static dev.signet.jose.attacks.Forge.json;
import static dev.signet.jose.attacks.Forge.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtVerifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Unsecured JWS ({@code alg: none}, RFC 7518 §3.6) and look-alike algorithm names are never accepted. */
class AlgNoneAttackTest {

    private final JwtVerifier verifier = TrustedIssuer.hmacVerifier().build();

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
    void rejectsAlgNoneWithEmptySignature(String alg) {
        String token = Forge.signingInput(json("{'alg':'" + alg + "','typ':'JWT'}"), TrustedIssuer.claimsJson()) + ".";
        String detail = rejects(ALG_NOT_ALLOWED, () -> verifier.verify(token)).detail();
        assertThat(detail).contains("unsecured JWS is never accepted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
    void rejectsAlgNoneCarryingAValidHmacOfTheSigningInput(String alg) {
        // Even a signature that verifies under a trusted key does not rescue alg none.
        String token = Forge.hmac(
                JwsAlgorithm.HS256,
                TrustedIssuer.SECRET,
                json("{'alg':'" + alg + "','typ':'JWT','kid':'hmac-1'}"),
                TrustedIssuer.claimsJson());
        rejects(ALG_NOT_ALLOWED, () -> verifier.verify(token));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE"})
    void rejectsAlgNoneWithGarbageSignature(String alg) {
        String token = Forge.signingInput(json("{'alg':'" + alg + "'}"), TrustedIssuer.claimsJson()) + ".AAAA";
        rejects(ALG_NOT_ALLOWED, () -> verifier.verify(token));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hs256", "Hs256", "HS256 ", " HS256", "HS256\\u0000", "HS2560", ""})
    void rejectsAlgThatOnlyResemblesAnAllowedOne(String alg) {
        // RFC 7515 §4.1.1: alg is case-sensitive; no trimming, no prefix matching.
        String token = Forge.hmac(
                JwsAlgorithm.HS256,
                TrustedIssuer.SECRET,
                json("{'alg':'" + alg + "','kid':'hmac-1'}"),
                TrustedIssuer.claimsJson());
        rejects(ALG_NOT_ALLOWED, () -> verifier.verify(token));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'typ':'JWT'}", "{'alg':null}", "{'alg':['HS256']}", "{'alg':256}", "{'alg':{'none':1}}"})
    void rejectsMissingOrNonStringAlg(String header) {
        String token = Forge.hmac(JwsAlgorithm.HS256, TrustedIssuer.SECRET, json(header), TrustedIssuer.claimsJson());
        rejects(MALFORMED, () -> verifier.verify(token));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "HS384", "RS256", "PS256", "ES384", "EdDSA"})
    void rejectsAlgorithmOutsideTheAllowlist(String alg) {
        JwtVerifier esOnly =
                TrustedIssuer.hmacVerifier().algorithms(JwsAlgorithm.ES256).build();
        String token = Forge.signingInput(json("{'alg':'" + alg + "'}"), TrustedIssuer.claimsJson()) + ".AAAA";
        rejects(ALG_NOT_ALLOWED, () -> esOnly.verify(token));
    }
}
