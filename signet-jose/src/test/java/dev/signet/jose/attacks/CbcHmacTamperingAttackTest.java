package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.DECRYPTION_FAILED;
import static dev.signet.jose.attacks.Forge.rejects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.jose.ContentEncryption;
import dev.signet.jose.JoseException;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.JweDecrypter;
import dev.signet.jose.internal.jwe.AesCbcHmac;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

/**
 * Tampering with AES-CBC-HMAC-SHA2 content (RFC 7518 §5.2): CBC is malleable — flipping a
 * ciphertext bit flips the same bit of the next plaintext block — so every byte of the header
 * (the AAD), the IV and the ciphertext is under the HMAC, and the HMAC is checked before the
 * ciphertext is decrypted. Each alteration below is DECRYPTION_FAILED.
 */
class CbcHmacTamperingAttackTest {

    private static final String HEADER = "{\"alg\":\"dir\",\"enc\":\"A128CBC-HS256\"}";
    private static final JweDecrypter DECRYPTER = TrustedRecipient.decrypter(
                    JweAlgorithm.DIR, ContentEncryption.A128CBC_HS256, TrustedRecipient.DIR)
            .build();

    private static String token() {
        return JweForge.dirCbc(TrustedRecipient.DIR_SECRET, HEADER, TrustedRecipient.PLAINTEXT);
    }

    @Test
    void theGenuineTokenDecrypts() throws JoseException {
        assertThat(DECRYPTER.decrypt(token()).plaintext()).isEqualTo(TrustedRecipient.PLAINTEXT);
    }

    @Test
    void rejectsEveryFlippedCiphertextBit() throws JoseException {
        String token = token();
        int bits = JweForge.bytes(token, 3).length * 8;
        for (int bit = 0; bit < bits; bit++) {
            String forged = JweForge.flipBit(token, 3, bit);
            rejects(DECRYPTION_FAILED, () -> DECRYPTER.decrypt(forged));
        }
    }

    @Test
    void rejectsEveryFlippedIvBit() throws JoseException {
        String token = token();
        for (int bit = 0; bit < 128; bit++) {
            String forged = JweForge.flipBit(token, 2, bit);
            rejects(DECRYPTION_FAILED, () -> DECRYPTER.decrypt(forged));
        }
    }

    @Test
    void rejectsTruncatedOrExtendedCiphertext() throws JoseException {
        String token = token();
        byte[] ct = JweForge.bytes(token, 3);
        for (int len : new int[] {0, ct.length - 16, ct.length - 1, ct.length + 16}) {
            rejects(DECRYPTION_FAILED, () -> DECRYPTER.decrypt(JweForge.withBytes(token, 3, Arrays.copyOf(ct, len))));
        }
    }

    /** The header is the AAD: any other header text, even one meaning the same, fails the HMAC. */
    @Test
    void rejectsAlteredAdditionalAuthenticatedData() throws JoseException {
        String token = token();
        for (String header : new String[] {
            "{\"enc\":\"A128CBC-HS256\",\"alg\":\"dir\"}",
            "{\"alg\":\"dir\",\"enc\":\"A128CBC-HS256\",\"kid\":\"dir-1\"}",
            "{\"alg\":\"dir\", \"enc\":\"A128CBC-HS256\"}",
            "{\"alg\":\"dir\",\"enc\":\"A128CBC-HS256\",\"cty\":\"JWT\"}"
        }) {
            String forged = Forge.withPart(token, 0, Forge.b64(header));
            rejects(DECRYPTION_FAILED, () -> DECRYPTER.decrypt(forged));
        }
    }

    /**
     * Moving a byte from the IV into the AAD and one from the ciphertext into the IV keeps
     * A ‖ IV ‖ E, the bytes the HMAC reads, unchanged; only AL, the AAD length in bits appended
     * to them (RFC 7518 §5.2.2.1), tells the two splits apart. The tag check fails (not padding).
     */
    @Test
    void rejectsAadIvAndCiphertextReSplitAtOtherBoundaries() throws Exception {
        String token = token();
        byte[] aad = Forge.part(token, 0).getBytes(StandardCharsets.US_ASCII);
        byte[] iv = JweForge.bytes(token, 2);
        byte[] ct = JweForge.bytes(token, 3);
        byte[] tag = JweForge.bytes(token, 4);
        byte[] aad2 = Arrays.copyOf(aad, aad.length + 1);
        aad2[aad.length] = iv[0];
        byte[] iv2 = Arrays.copyOfRange(iv, 1, 17);
        iv2[15] = ct[0];
        byte[] ct2 = Arrays.copyOfRange(ct, 1, ct.length);

        assertThat(AesCbcHmac.decrypt("HmacSHA256", TrustedRecipient.DIR_SECRET, iv, aad, ct, tag))
                .isEqualTo(TrustedRecipient.PLAINTEXT);
        assertThatThrownBy(() -> AesCbcHmac.decrypt("HmacSHA256", TrustedRecipient.DIR_SECRET, iv2, aad2, ct2, tag))
                .isInstanceOf(AEADBadTagException.class);
    }
}
