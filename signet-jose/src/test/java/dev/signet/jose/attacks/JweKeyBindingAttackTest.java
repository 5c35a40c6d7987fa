package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.ALG_NOT_ALLOWED;
import static dev.signet.jose.JoseException.Reason.KEY_NOT_FOUND;
import static dev.signet.jose.JoseException.Reason.KEY_REJECTED;
import static dev.signet.jose.attacks.Forge.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.ContentEncryption;
import dev.signet.jose.Curve;
import dev.signet.jose.JoseException;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.JweDecrypter;
import dev.signet.jose.JweEncrypter;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Key confusion on the decrypting side: a token must not make the recipient use a key for an
 * algorithm, an operation or a type the key was not meant for. A key with {@code use: "sig"}
 * never decrypts, {@code key_ops} must allow the operation ({@code unwrapKey}, {@code deriveKey},
 * {@code decrypt}), a JWK {@code alg} binds the key, and {@code kid} selects exactly.
 */
class JweKeyBindingAttackTest {

    private static final ContentEncryption ENC = ContentEncryption.A256GCM;

    private static String oaepToken(Jwk recipient) {
        return TrustedRecipient.encrypt(recipient, JweAlgorithm.RSA_OAEP_256, ENC);
    }

    @Test
    void aKeyPublishedForSignaturesNeverDecrypts() throws JoseException {
        Jwk signing = TrustedRecipient.RSA.withUse("sig");
        rejects(
                ALG_NOT_ALLOWED,
                () -> JweEncrypter.builder(signing.toPublicJwk())
                        .algorithm(JweAlgorithm.RSA_OAEP_256)
                        .build());
        String token = oaepToken(TrustedRecipient.RSA);
        String detail = rejects(
                        ALG_NOT_ALLOWED,
                        () -> TrustedRecipient.decrypter(JweAlgorithm.RSA_OAEP_256, ENC, signing)
                                .build()
                                .decrypt(token))
                .detail();
        assertThat(detail).contains("use, key_ops or alg forbid unwrapKey");
        Jwk issuerKey = Jwk.generate(JwsAlgorithm.ES256).withKeyId("ec-enc-1");
        String ecdh = TrustedRecipient.encrypt(TrustedRecipient.EC, JweAlgorithm.ECDH_ES, ENC);
        rejects(
                ALG_NOT_ALLOWED,
                () -> TrustedRecipient.decrypter(JweAlgorithm.ECDH_ES, ENC, issuerKey)
                        .build()
                        .decrypt(ecdh));
    }

    @Test
    void keyOpsMustAllowTheOperation() throws JoseException {
        String token = oaepToken(TrustedRecipient.RSA);
        for (List<String> ops :
                List.of(List.of("decrypt"), List.of("sign"), List.of("wrapKey"), List.of("deriveKey"))) {
            Jwk k = TrustedRecipient.RSA.withUse(null).withKeyOps(ops);
            rejects(
                    ALG_NOT_ALLOWED,
                    () -> TrustedRecipient.decrypter(JweAlgorithm.RSA_OAEP_256, ENC, k)
                            .build()
                            .decrypt(token));
        }
        Jwk unwrap = TrustedRecipient.RSA.withUse(null).withKeyOps(List.of("unwrapKey"));
        assertThat(TrustedRecipient.decrypter(JweAlgorithm.RSA_OAEP_256, ENC, unwrap)
                        .build()
                        .decrypt(token)
                        .plaintext())
                .isEqualTo(TrustedRecipient.PLAINTEXT);

        String ecdh = TrustedRecipient.encrypt(TrustedRecipient.EC, JweAlgorithm.ECDH_ES, ENC);
        Jwk noDerive = TrustedRecipient.EC.withUse(null).withKeyOps(List.of("unwrapKey"));
        rejects(
                ALG_NOT_ALLOWED,
                () -> TrustedRecipient.decrypter(JweAlgorithm.ECDH_ES, ENC, noDerive)
                        .build()
                        .decrypt(ecdh));
        Jwk derive = TrustedRecipient.EC.withUse(null).withKeyOps(List.of("deriveKey"));
        assertThat(TrustedRecipient.decrypter(JweAlgorithm.ECDH_ES, ENC, derive)
                        .build()
                        .decrypt(ecdh)
                        .plaintext())
                .isEqualTo(TrustedRecipient.PLAINTEXT);
    }

    @Test
    void aJwkAlgBindsTheKeyToThatAlgorithm() {
        Jwk pinned = TrustedRecipient.RSA.withAlgorithm("RSA-OAEP-256");
        String oaep1 = TrustedRecipient.encrypt(TrustedRecipient.RSA, JweAlgorithm.RSA_OAEP, ENC);
        rejects(
                ALG_NOT_ALLOWED,
                () -> JweDecrypter.builder(dev.signet.jose.DecryptionKeySource.of(pinned))
                        .algorithms(JweAlgorithm.RSA_OAEP, JweAlgorithm.RSA_OAEP_256)
                        .encryptions(ENC)
                        .build()
                        .decrypt(oaep1));
    }

    @Test
    void theKeyTypeMustFitTheAlgorithm() throws JoseException {
        // An RSA-OAEP token naming the EC key's kid, an ECDH-ES token naming the RSA key's kid.
        Jwk ecUnderRsaKid = TrustedRecipient.EC.withKeyId("rsa-enc-1");
        rejects(
                ALG_NOT_ALLOWED,
                () -> TrustedRecipient.decrypter(JweAlgorithm.RSA_OAEP_256, ENC, ecUnderRsaKid)
                        .build()
                        .decrypt(oaepToken(TrustedRecipient.RSA)));
        Jwk secretAsEc = TrustedRecipient.DIR.withKeyId("ec-enc-1");
        String ecdh = TrustedRecipient.encrypt(TrustedRecipient.EC, JweAlgorithm.ECDH_ES_A256KW, ENC);
        rejects(
                ALG_NOT_ALLOWED,
                () -> TrustedRecipient.decrypter(JweAlgorithm.ECDH_ES_A256KW, ENC, secretAsEc)
                        .build()
                        .decrypt(ecdh));
        // Ed25519 is a signature curve: never an ECDH-ES key.
        rejects(
                ALG_NOT_ALLOWED,
                () -> JweEncrypter.builder(Jwk.generate(Curve.ED25519).toPublicJwk())
                        .algorithm(JweAlgorithm.ECDH_ES)
                        .build());
    }

    @Test
    void aPublicKeyCannotDecryptAndRsaUnder2048BitsIsRefused() throws Exception {
        String token = oaepToken(TrustedRecipient.RSA);
        rejects(
                ALG_NOT_ALLOWED,
                () -> TrustedRecipient.decrypter(JweAlgorithm.RSA_OAEP_256, ENC, TrustedRecipient.RSA.toPublicJwk())
                        .build()
                        .decrypt(token));
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        Jwk weak = Jwk.fromKeyPair(g.generateKeyPair());
        rejects(
                KEY_REJECTED,
                () -> JweEncrypter.builder(weak.toPublicJwk())
                        .algorithm(JweAlgorithm.RSA_OAEP_256)
                        .build());
    }

    @Test
    void kidSelectsExactlyAndTwoFittingKeysUnderOneKidAreAmbiguous() throws JoseException {
        String token = oaepToken(TrustedRecipient.RSA);
        Jwk otherKid = TrustedRecipient.RSA.withKeyId("RSA-ENC-1");
        rejects(
                KEY_NOT_FOUND,
                () -> TrustedRecipient.decrypter(JweAlgorithm.RSA_OAEP_256, ENC, otherKid)
                        .build()
                        .decrypt(token));
        Jwk twin = Jwk.fromKeyPair(rsaPair()).withKeyId("rsa-enc-1").withUse("enc");
        rejects(
                KEY_REJECTED,
                () -> TrustedRecipient.decrypter(JweAlgorithm.RSA_OAEP_256, ENC, TrustedRecipient.RSA, twin)
                        .build()
                        .decrypt(token));
    }

    private static java.security.KeyPair rsaPair() {
        try {
            java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
