package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.ALG_NOT_ALLOWED;
import static dev.signet.jose.JoseException.Reason.MALFORMED;
import static dev.signet.jose.attacks.Forge.rejects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.signet.jose.ContentEncryption;
import dev.signet.jose.DecryptionKeySource;
import dev.signet.jose.JoseException;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.JweDecrypter;
import dev.signet.jose.JweEncrypter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Algorithm substitution on JWE: the token names its {@code alg} and {@code enc}, so a recipient
 * that accepts whatever it names can be steered to the weakest pair it implements — RSA1_5's
 * padding oracle above all. The decrypter has no default allowlist; RSA1_5 takes a method named
 * {@code allowInsecureRsa1_5()} on both sides.
 */
class JweAllowlistAttackTest {

    private static JweDecrypter oaepOnly() {
        return TrustedRecipient.decrypter(JweAlgorithm.RSA_OAEP_256, ContentEncryption.A256GCM, TrustedRecipient.RSA)
                .build();
    }

    @Test
    void refusesToBuildADecrypterWithoutBothAllowlists() {
        DecryptionKeySource keys = DecryptionKeySource.of(TrustedRecipient.RSA);
        assertThatIllegalStateException()
                .isThrownBy(() -> JweDecrypter.builder(keys).build())
                .withMessageContaining("no default allowlist");
        assertThatIllegalStateException()
                .isThrownBy(() -> JweDecrypter.builder(keys)
                        .algorithms(JweAlgorithm.RSA_OAEP_256)
                        .build());
        assertThatIllegalStateException()
                .isThrownBy(() -> JweDecrypter.builder(keys)
                        .encryptions(ContentEncryption.A256GCM)
                        .build());
    }

    @Test
    void rejectsAnAlgOutsideTheAllowlist() {
        String oaep1 = TrustedRecipient.encrypt(TrustedRecipient.RSA, JweAlgorithm.RSA_OAEP, ContentEncryption.A256GCM);
        String detail =
                rejects(ALG_NOT_ALLOWED, () -> oaepOnly().decrypt(oaep1)).detail();
        assertThat(detail).isEqualTo("alg \"RSA-OAEP\" is not allowed; allowed: RSA-OAEP-256");
    }

    @Test
    void rejectsAnEncOutsideTheAllowlist() {
        String cbc = TrustedRecipient.encrypt(
                TrustedRecipient.RSA, JweAlgorithm.RSA_OAEP_256, ContentEncryption.A128CBC_HS256);
        String detail = rejects(ALG_NOT_ALLOWED, () -> oaepOnly().decrypt(cbc)).detail();
        assertThat(detail).isEqualTo("enc \"A128CBC-HS256\" is not allowed; allowed: A256GCM");
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "RSA-OAEP-256 ", "rsa-oaep-256", "RSA_OAEP_256", "ECDH-ES+A128GCMKW", "dir\u0000"})
    void rejectsUnknownOrLookAlikeAlgs(String alg) {
        String header = "{\"alg\":\"" + alg.replace("\u0000", "\\u0000") + "\",\"enc\":\"A256GCM\"}";
        String token = JweForge.token(header, new byte[256], new byte[12], new byte[16], new byte[16]);
        rejects(ALG_NOT_ALLOWED, () -> oaepOnly().decrypt(token));
    }

    @Test
    void rejectsTokensMissingAlgOrEncOrWithMistypedMembers() {
        for (String header : new String[] {
            "{\"enc\":\"A256GCM\"}",
            "{\"alg\":\"RSA-OAEP-256\"}",
            "{\"alg\":\"RSA-OAEP-256\",\"enc\":256}",
            "{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"x5c\":\"MIIB\"}",
            "{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"jwk\":\"k\"}",
            "{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"jku\":1}",
            "{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"apu\":\"a=\"}"
        }) {
            String token = JweForge.token(header, new byte[256], new byte[12], new byte[16], new byte[16]);
            rejects(MALFORMED, () -> oaepOnly().decrypt(token));
        }
    }

    @Test
    void refusesRsa15WithoutTheOptInOnBothSides() throws JoseException {
        DecryptionKeySource keys = DecryptionKeySource.of(TrustedRecipient.RSA);
        assertThatIllegalStateException()
                .isThrownBy(() -> JweDecrypter.builder(keys)
                        .algorithms(JweAlgorithm.RSA1_5)
                        .encryptions(ContentEncryption.A128CBC_HS256)
                        .build())
                .withMessageContaining("allowInsecureRsa1_5()");
        String detail = rejects(
                        ALG_NOT_ALLOWED,
                        () -> JweEncrypter.builder(TrustedRecipient.RSA.toPublicJwk())
                                .algorithm(JweAlgorithm.RSA1_5)
                                .build())
                .detail();
        assertThat(detail).contains("allowInsecureRsa1_5()");

        String rsa15 = TrustedRecipient.encrypter(TrustedRecipient.RSA, JweAlgorithm.RSA1_5, ContentEncryption.A256GCM)
                .allowInsecureRsa1_5()
                .build()
                .encrypt(TrustedRecipient.PLAINTEXT);
        rejects(ALG_NOT_ALLOWED, () -> oaepOnly().decrypt(rsa15));
        JweDecrypter legacy = TrustedRecipient.decrypter(
                        JweAlgorithm.RSA1_5, ContentEncryption.A256GCM, TrustedRecipient.RSA)
                .allowInsecureRsa1_5()
                .build();
        assertThat(legacy.decrypt(rsa15).plaintext()).isEqualTo(TrustedRecipient.PLAINTEXT);
        assertThat(JweAlgorithm.RSA1_5.isInsecure()).isTrue();
    }
}
