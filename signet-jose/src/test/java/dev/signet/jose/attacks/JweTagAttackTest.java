package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.DECRYPTION_FAILED;
import static dev.signet.jose.JoseException.Reason.MALFORMED;
import static dev.signet.jose.attacks.Forge.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.ContentEncryption;
import dev.signet.jose.JoseException;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.JweDecrypter;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Authentication-tag forgery: a truncated tag (GCM with short tags leaks its hash key, Ferguson
 * 2005; a library that takes the tag length from the token accepts a 1-byte tag one time in 256),
 * a flipped tag bit, an empty or extended tag, and an IV of the wrong length. The tag length is
 * fixed by {@code enc} — 128 bits for GCM, half the CEK for CBC-HMAC — never read from the token.
 */
class JweTagAttackTest {

    private static JweDecrypter decrypter(ContentEncryption enc) {
        return TrustedRecipient.decrypter(JweAlgorithm.A128KW, enc, TrustedRecipient.KW)
                .build();
    }

    private static String token(ContentEncryption enc) {
        return TrustedRecipient.encrypt(TrustedRecipient.KW, JweAlgorithm.A128KW, enc);
    }

    @ParameterizedTest
    @EnumSource(ContentEncryption.class)
    void theGenuineTokenDecrypts(ContentEncryption enc) throws JoseException {
        assertThat(decrypter(enc).decrypt(token(enc)).plaintext()).isEqualTo(TrustedRecipient.PLAINTEXT);
    }

    @ParameterizedTest
    @EnumSource(ContentEncryption.class)
    void rejectsTruncatedTags(ContentEncryption enc) throws JoseException {
        String token = token(enc);
        byte[] tag = JweForge.bytes(token, 4);
        assertThat(tag).hasSize(enc.tagLength());
        for (int len : new int[] {0, 1, 4, 8, 12, tag.length - 1}) {
            rejects(
                    DECRYPTION_FAILED,
                    () -> decrypter(enc).decrypt(JweForge.withBytes(token, 4, Arrays.copyOf(tag, len))));
        }
    }

    @ParameterizedTest
    @EnumSource(ContentEncryption.class)
    void rejectsEveryFlippedTagBit(ContentEncryption enc) throws JoseException {
        String token = token(enc);
        JweDecrypter d = decrypter(enc);
        for (int bit = 0; bit < enc.tagLength() * 8; bit++) {
            String forged = JweForge.flipBit(token, 4, bit);
            rejects(DECRYPTION_FAILED, () -> d.decrypt(forged));
        }
    }

    @ParameterizedTest
    @EnumSource(ContentEncryption.class)
    void rejectsAnExtendedTag(ContentEncryption enc) throws JoseException {
        String token = token(enc);
        byte[] tag = JweForge.bytes(token, 4);
        rejects(
                DECRYPTION_FAILED,
                () -> decrypter(enc).decrypt(JweForge.withBytes(token, 4, Arrays.copyOf(tag, tag.length + 1))));
    }

    @ParameterizedTest
    @EnumSource(ContentEncryption.class)
    void rejectsAnIvOfTheWrongLength(ContentEncryption enc) throws JoseException {
        String token = token(enc);
        byte[] iv = JweForge.bytes(token, 2);
        for (int len : new int[] {0, iv.length - 1, iv.length + 1, 16 + 12 - iv.length}) {
            rejects(MALFORMED, () -> decrypter(enc).decrypt(JweForge.withBytes(token, 2, Arrays.copyOf(iv, len))));
        }
    }
}
