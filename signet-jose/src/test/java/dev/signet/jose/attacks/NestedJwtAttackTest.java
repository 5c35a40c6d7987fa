package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.ALG_NOT_ALLOWED;
import static dev.signet.jose.JoseException.Reason.BAD_SIGNATURE;
import static dev.signet.jose.JoseException.Reason.MALFORMED;
import static dev.signet.jose.JoseException.Reason.NOT_SIGNED;
import static dev.signet.jose.JoseException.Reason.UNSUPPORTED;
import static dev.signet.jose.attacks.Forge.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.ContentEncryption;
import dev.signet.jose.JoseException;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.JweDecrypter;
import dev.signet.jose.JweEncrypter;
import dev.signet.jose.JweHeader;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwsVerifier;
import dev.signet.jose.JwtSigner;
import dev.signet.jose.JwtVerifier;
import dev.signet.jose.KeySource;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Encryption passed off as authentication. A JWE proves only that its maker had the recipient's
 * public key — which is public. A verifier that requires a signature must refuse a JWE it was not
 * told to open, refuse an encrypted-only JWT (claims inside a JWE, no signature), and verify the
 * signature of what a JWE carries exactly as if it had arrived unencrypted.
 */
class NestedJwtAttackTest {

    private static final JweAlgorithm ALG = JweAlgorithm.ECDH_ES_A256KW;
    private static final ContentEncryption ENC = ContentEncryption.A256GCM;

    private static JweEncrypter.Builder attackerEncrypter() {
        // The recipient's public key is all an attacker needs to make a JWE the recipient decrypts.
        return TrustedRecipient.encrypter(TrustedRecipient.EC, ALG, ENC);
    }

    private static JwtVerifier nestedVerifier() {
        JweDecrypter d =
                TrustedRecipient.decrypter(ALG, ENC, TrustedRecipient.EC).build();
        return TrustedIssuer.verifier().decryptWith(d).build();
    }

    private static String nested(String jws) throws JoseException {
        return attackerEncrypter().build().encryptNested(jws);
    }

    @Test
    void theIssuersNestedTokenVerifies() throws JoseException {
        String token = JwtSigner.builder(TrustedIssuer.EC)
                .build()
                .signAndEncrypt(
                        TrustedIssuer.claims().build(), attackerEncrypter().build());
        assertThat(nestedVerifier().verify(token).claims().subject()).isEqualTo("alice");
    }

    @Test
    void rejectsAJweWhereAJwsIsRequired() throws JoseException {
        String token = JwtSigner.builder(TrustedIssuer.EC)
                .build()
                .signAndEncrypt(
                        TrustedIssuer.claims().build(), attackerEncrypter().build());

        String detail = rejects(
                        MALFORMED, () -> TrustedIssuer.verifier().build().verify(token))
                .detail();
        assertThat(detail).contains("JWE").contains("decryptWith");
        rejects(
                MALFORMED,
                () -> JwsVerifier.builder(KeySource.of(TrustedIssuer.EC.toPublicJwk()))
                        .build()
                        .verify(token));
    }

    @Test
    void rejectsAnEncryptedOnlyJwtWhereASignatureIsRequired() throws JoseException {
        byte[] claims = TrustedIssuer.claimsJson("\"role\":\"admin\"").getBytes(StandardCharsets.UTF_8);

        String plain = attackerEncrypter().build().encrypt(claims);
        String typed = attackerEncrypter().type("JWT").build().encrypt(claims);
        String claimingJwt = attackerEncrypter().contentType("JWT").build().encrypt(claims);

        for (String token : new String[] {plain, typed, claimingJwt}) {
            String detail =
                    rejects(NOT_SIGNED, () -> nestedVerifier().verify(token)).detail();
            assertThat(detail).contains("requires a signature");
        }
    }

    @Test
    void rejectsAnUnsignedOrForgedJwsInsideTheJwe() throws JoseException {
        String none = Forge.signingInput("{\"alg\":\"none\"}", TrustedIssuer.claimsJson()) + ".";
        rejects(ALG_NOT_ALLOWED, () -> nestedVerifier().verify(nested(none)));

        Jwk attacker = Jwk.generate(JwsAlgorithm.ES256).withKeyId("ec-1");
        String forged =
                JwtSigner.builder(attacker).build().sign(TrustedIssuer.claims().build());
        rejects(BAD_SIGNATURE, () -> nestedVerifier().verify(nested(forged)));
    }

    @Test
    void rejectsAJweInsideTheJweAndANestedJwsInside() throws JoseException {
        String inner =
                attackerEncrypter().build().encrypt(TrustedIssuer.claimsJson().getBytes(StandardCharsets.UTF_8));
        String jweInJwe = attackerEncrypter()
                .build()
                .encrypt(JweHeader.builder().contentType("JWT"), inner.getBytes(StandardCharsets.US_ASCII));
        rejects(MALFORMED, () -> nestedVerifier().verify(jweInJwe));

        String jwsWithCtyJwt = Forge.hmac(
                JwsAlgorithm.HS256,
                TrustedIssuer.SECRET,
                "{\"alg\":\"HS256\",\"kid\":\"hmac-1\",\"cty\":\"JWT\"}",
                TrustedIssuer.claimsJson());
        JwtVerifier hmac = TrustedIssuer.hmacVerifier()
                .decryptWith(TrustedRecipient.decrypter(ALG, ENC, TrustedRecipient.EC)
                        .build())
                .build();
        rejects(UNSUPPORTED, () -> hmac.verify(nested(jwsWithCtyJwt)));
    }
}
