package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.KEY_REJECTED;
import static dev.signet.jose.JoseException.Reason.MALFORMED;
import static dev.signet.jose.attacks.Forge.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.ContentEncryption;
import dev.signet.jose.JoseException;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.JweDecrypter;
import dev.signet.jose.JweEncrypter;
import dev.signet.jose.Jwk;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A {@code dir} key that is not exactly the CEK length of {@code enc}: an implementation that
 * truncates or pads it would let a token choose {@code A128GCM} and halve the key's strength, or
 * run AES with a key the sender never had. Refused with KEY_REJECTED on both sides; so are
 * AES key-wrapping keys of the wrong size.
 */
class DirKeyLengthAttackTest {

    @Test
    void theDirKeyDecryptsTheEncWhoseLengthItHas() throws JoseException {
        String token = TrustedRecipient.encrypt(TrustedRecipient.DIR, JweAlgorithm.DIR, ContentEncryption.A256GCM);
        assertThat(TrustedRecipient.decrypter(JweAlgorithm.DIR, ContentEncryption.A256GCM, TrustedRecipient.DIR)
                        .build()
                        .decrypt(token)
                        .plaintext())
                .isEqualTo(TrustedRecipient.PLAINTEXT);
    }

    /** A token that names A128GCM to a recipient whose 256-bit dir key would otherwise be cut to 128 bits. */
    @Test
    void rejectsATokenWhoseEncWouldShortenTheDirKey() {
        String token = JweForge.dirGcm(
                Arrays.copyOf(TrustedRecipient.DIR_SECRET, 16),
                "{\"alg\":\"dir\",\"enc\":\"A128GCM\"}",
                TrustedRecipient.PLAINTEXT);
        JweDecrypter d = TrustedRecipient.decrypter(JweAlgorithm.DIR, ContentEncryption.A128GCM, TrustedRecipient.DIR)
                .build();

        String detail = rejects(KEY_REJECTED, () -> d.decrypt(token)).detail();

        assertThat(detail).isEqualTo("dir with A128GCM needs a 128-bit key, found 256");
    }

    @Test
    void rejectsDirKeysOfEveryOtherLengthForEachEnc() throws JoseException {
        for (ContentEncryption enc : ContentEncryption.values()) {
            for (int bytes :
                    new int[] {enc.keyLength() - 8, enc.keyLength() - 1, enc.keyLength() + 1, enc.keyLength() + 16}) {
                Jwk wrong = Jwk.fromSecret(Arrays.copyOf(TrustedRecipient.DIR_SECRET, bytes))
                        .withKeyId("dir-1");
                if (wrong.sizeBits() == enc.keyBits()) {
                    continue;
                }
                rejects(
                        KEY_REJECTED,
                        () -> JweEncrypter.builder(wrong)
                                .algorithm(JweAlgorithm.DIR)
                                .encryption(enc)
                                .build());
                String header = "{\"alg\":\"dir\",\"enc\":\"" + enc.identifier() + "\",\"kid\":\"dir-1\"}";
                String token = JweForge.token(
                        header, new byte[0], new byte[enc.ivLength()], new byte[16], new byte[enc.tagLength()]);
                rejects(
                        KEY_REJECTED,
                        () -> TrustedRecipient.decrypter(JweAlgorithm.DIR, enc, wrong)
                                .build()
                                .decrypt(token));
            }
        }
    }

    /** Without a kid, a dir key of the wrong length is passed over for one of the right length. */
    @Test
    void skipsADirKeyOfTheWrongLengthWhenAnotherFits() throws JoseException {
        Jwk short128 = Jwk.fromSecret(new byte[16]);
        Jwk right = TrustedRecipient.DIR.withKeyId(null);
        String token = JweForge.dirGcm(
                TrustedRecipient.DIR_SECRET, "{\"alg\":\"dir\",\"enc\":\"A256GCM\"}", TrustedRecipient.PLAINTEXT);

        assertThat(TrustedRecipient.decrypter(JweAlgorithm.DIR, ContentEncryption.A256GCM, short128, right)
                        .build()
                        .decrypt(token)
                        .decryptionKey())
                .isEqualTo(right);
        rejects(
                KEY_REJECTED,
                () -> TrustedRecipient.decrypter(JweAlgorithm.DIR, ContentEncryption.A256GCM, short128)
                        .build()
                        .decrypt(token));
    }

    @Test
    void rejectsKeyWrappingKeysOfTheWrongSize() throws JoseException {
        Jwk k128 = TrustedRecipient.KW;
        rejects(
                KEY_REJECTED,
                () -> JweEncrypter.builder(k128).algorithm(JweAlgorithm.A256KW).build());
        rejects(
                KEY_REJECTED,
                () -> JweEncrypter.builder(k128)
                        .algorithm(JweAlgorithm.A192GCMKW)
                        .build());
        String token = TrustedRecipient.encrypt(k128, JweAlgorithm.A128KW, ContentEncryption.A128GCM)
                .replaceFirst("^[^.]+", Forge.b64("{\"alg\":\"A256KW\",\"enc\":\"A128GCM\",\"kid\":\"kw-1\"}"));
        rejects(
                KEY_REJECTED,
                () -> TrustedRecipient.decrypter(JweAlgorithm.A256KW, ContentEncryption.A128GCM, k128)
                        .build()
                        .decrypt(token));
    }

    @Test
    void rejectsAnEncryptedKeyPartWithDir() throws JoseException {
        String token = TrustedRecipient.encrypt(TrustedRecipient.DIR, JweAlgorithm.DIR, ContentEncryption.A256GCM);
        String forged = JweForge.withBytes(token, 1, new byte[32]);
        rejects(
                MALFORMED,
                () -> TrustedRecipient.decrypter(JweAlgorithm.DIR, ContentEncryption.A256GCM, TrustedRecipient.DIR)
                        .build()
                        .decrypt(forged));
    }
}
