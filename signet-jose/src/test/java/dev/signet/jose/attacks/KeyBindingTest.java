package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.ALG_NOT_ALLOWED;
import static dev.signet.jose.JoseException.Reason.UNSUPPORTED;
import static dev.signet.jose.attacks.Forge.json;
import static dev.signet.jose.attacks.Forge.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.Curve;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwsSigner;
import dev.signet.jose.JwtVerifier;
import dev.signet.jose.KeySource;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A key verifies only what its JWK members allow: {@code use} (RFC 7517 §4.2), {@code key_ops}
 * (§4.3), {@code alg} (§4.4), and only algorithms of its own type and curve. The token's header
 * cannot widen that.
 */
class KeyBindingTest {

    private static final String RS256_TOKEN =
            TrustedIssuer.signed(TrustedIssuer.RSA, TrustedIssuer.claims().build());

    /** A verifier trusting exactly this JWK, members as given. */
    private static JwtVerifier trusting(Jwk publicKey) {
        return JwtVerifier.builder(KeySource.of(publicKey))
                .issuer(TrustedIssuer.ISSUER)
                .audience(TrustedIssuer.AUDIENCE)
                .clock(TrustedIssuer.CLOCK)
                .build();
    }

    @Test
    void theUnmodifiedKeyVerifies() throws Exception {
        assertThat(trusting(TrustedIssuer.RSA.toPublicJwk())
                        .verify(RS256_TOKEN)
                        .claims()
                        .subject())
                .isEqualTo("alice");
    }

    @Test
    void rejectsKeyPublishedForEncryption() {
        Jwk enc = TrustedIssuer.RSA.toPublicJwk().withUse("enc");
        rejects(ALG_NOT_ALLOWED, () -> trusting(enc).verify(RS256_TOKEN));
    }

    @Test
    void rejectsKeyWhoseKeyOpsAllowOnlyEncrypt() {
        Jwk encryptOnly = TrustedIssuer.RSA.toPublicJwk().withUse(null).withKeyOps(List.of("encrypt"));
        rejects(ALG_NOT_ALLOWED, () -> trusting(encryptOnly).verify(RS256_TOKEN));
    }

    @Test
    void rejectsKeyWhoseKeyOpsAllowOnlySign() {
        // key_ops ["sign"] on a published key: it was not published for verification.
        Jwk signOnly = TrustedIssuer.RSA.toPublicJwk().withUse(null).withKeyOps(List.of("sign"));
        rejects(ALG_NOT_ALLOWED, () -> trusting(signOnly).verify(RS256_TOKEN));
    }

    @Test
    void rejectsKeyPinnedToRs384UsedForRs256() {
        Jwk rs384 = TrustedIssuer.RSA.toPublicJwk().withAlgorithm("RS384");
        String detail = rejects(ALG_NOT_ALLOWED, () -> trusting(rs384).verify(RS256_TOKEN))
                .detail();
        assertThat(detail).contains("RS256");
    }

    @Test
    void rejectsRsaKeyPinnedToRs256UsedForPs256() {
        // Same key type, different scheme: the header may not switch PKCS#1 v1.5 to PSS or back.
        String token = Forge.signingInput(json("{'alg':'PS256','kid':'rsa-1'}"), TrustedIssuer.claimsJson()) + ".AAAA";
        rejects(ALG_NOT_ALLOWED, () -> trusting(TrustedIssuer.RSA.toPublicJwk()).verify(token));
    }

    @Test
    void rejectsP256KeyForEs384AndEs512() {
        for (String alg : List.of("ES384", "ES512", "ES256K")) {
            String token = Forge.signingInput(json("{'alg':'" + alg + "','kid':'ec-1'}"), TrustedIssuer.claimsJson())
                    + ".AAAA";
            JwtVerifier v =
                    TrustedIssuer.verifier(TrustedIssuer.EC.withAlgorithm(null)).build();
            assertThat(Forge.rejection(() -> v.verify(token)).reason()).as(alg).isIn(ALG_NOT_ALLOWED, UNSUPPORTED);
        }
    }

    @Test
    void rejectsX25519KeyForEdDsa() throws Exception {
        Jwk x25519 = Jwk.generate(Curve.X25519).toPublicJwk().withKeyId("x");
        String token = Forge.signingInput(json("{'alg':'EdDSA','kid':'x'}"), TrustedIssuer.claimsJson()) + ".AAAA";
        rejects(ALG_NOT_ALLOWED, () -> trusting(x25519).verify(token));
    }

    @Test
    void rejectsEcKeyUnderRsaAlgorithmAndRsaKeyUnderEcAlgorithm() {
        String asRsa = Forge.signingInput(json("{'alg':'RS256','kid':'ec-1'}"), TrustedIssuer.claimsJson()) + ".AAAA";
        String asEc = Forge.signingInput(json("{'alg':'ES256','kid':'rsa-1'}"), TrustedIssuer.claimsJson()) + ".AAAA";
        JwtVerifier v = TrustedIssuer.verifier().build();
        rejects(ALG_NOT_ALLOWED, () -> v.verify(asRsa));
        rejects(ALG_NOT_ALLOWED, () -> v.verify(asEc));
    }

    @Test
    void rejectsSigningWithAKeyPinnedToAnotherAlgorithm() {
        Jwk rs384 = TrustedIssuer.RSA.withAlgorithm("RS384");
        rejects(
                ALG_NOT_ALLOWED,
                () -> JwsSigner.builder(rs384).algorithm(JwsAlgorithm.RS256).build());
    }
}
