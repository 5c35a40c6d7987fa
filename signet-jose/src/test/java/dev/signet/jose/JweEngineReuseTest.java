package dev.signet.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signet.jose.internal.Jca;
import java.nio.charset.StandardCharsets;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decrypt path reuses one {@code Cipher}, {@code KeyAgreement} and {@code MessageDigest} per
 * thread and name ({@link Jca}). A rejected token must leave nothing behind in those engines: on
 * one thread, for every {@code alg} × {@code enc} pair, good and tampered tokens alternate and
 * each gets its own correct answer.
 */
class JweEngineReuseTest {

    private static final byte[] FIRST = "first plaintext".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SECOND = "the second plaintext, longer than one AES block".getBytes(StandardCharsets.UTF_8);

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> pairs() {
        return JweRoundTripTest.pairs();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("pairs")
    void rejectedTokensLeaveTheThreadsEnginesClean(JweAlgorithm alg, ContentEncryption enc, Curve curve)
            throws JoseException {
        Jwk key = JweRoundTripTest.recipientKey(alg, enc, curve);
        Jwk encryptionKey = key.keyType() == KeyType.OCT ? key : key.toPublicJwk();
        JweEncrypter.Builder eb = JweEncrypter.builder(encryptionKey).algorithm(alg).encryption(enc)
                .pbes2Iterations(JweEncrypter.MIN_PBES2_ITERATIONS);
        JweDecrypter.Builder db = JweDecrypter.builder(DecryptionKeySource.of(key)).algorithms(alg).encryptions(enc);
        if (alg == JweAlgorithm.RSA1_5) {
            eb.allowInsecureRsa1_5();
            db.allowInsecureRsa1_5();
        }
        JweEncrypter encrypter = eb.build();
        JweDecrypter decrypter = db.build();
        String first = encrypter.encrypt(FIRST);
        String second = encrypter.encrypt(SECOND);
        String[] p = first.split("\\.", -1);

        assertThat(decrypter.decrypt(first).plaintext()).isEqualTo(FIRST);
        assertRejected(decrypter, p[0] + "." + p[1] + "." + p[2] + "." + p[3] + "." + flipped(p[4]));
        assertThat(decrypter.decrypt(second).plaintext()).isEqualTo(SECOND);
        assertRejected(decrypter, p[0] + "." + p[1] + "." + p[2] + "." + flipped(p[3]) + "." + p[4]);
        if (!p[1].isEmpty()) {
            assertRejected(decrypter, p[0] + "." + flipped(p[1]) + "." + p[2] + "." + p[3] + "." + p[4]);
        }
        assertThat(decrypter.decrypt(first).plaintext()).isEqualTo(FIRST);
        assertThat(decrypter.decrypt(second).plaintext()).isEqualTo(SECOND);
    }

    @org.junit.jupiter.api.Test
    void oneEnginePerThreadAndName() throws Exception {
        Cipher gcm = Jca.decryptingCipher("AES/GCM/NoPadding");
        KeyAgreement ecdh = Jca.keyAgreement("ECDH");

        assertThat(Jca.decryptingCipher("AES/GCM/NoPadding")).isSameAs(gcm);
        assertThat(Jca.decryptingCipher("AESWrap")).isNotSameAs(gcm);
        assertThat(Jca.keyAgreement("ECDH")).isSameAs(ecdh);
        Cipher[] elsewhere = new Cipher[1];
        Thread t = new Thread(() -> {
            try {
                elsewhere[0] = Jca.decryptingCipher("AES/GCM/NoPadding");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        t.join();
        assertThat(elsewhere[0]).isNotNull().isNotSameAs(gcm);
    }

    @org.junit.jupiter.api.Test
    void aReusedDigestStartsEmptyEvenAfterAnAbandonedUse() throws Exception {
        java.security.MessageDigest d = Jca.digest("SHA-256");
        d.update("left over from a use that threw".getBytes(StandardCharsets.UTF_8));

        byte[] fresh = Jca.digest("SHA-256").digest(new byte[0]);

        assertThat(fresh).isEqualTo(java.security.MessageDigest.getInstance("SHA-256").digest(new byte[0]));
    }

    private static void assertRejected(JweDecrypter decrypter, String token) {
        JoseException e = assertThrows(JoseException.class, () -> decrypter.decrypt(token));
        assertThat(e.reason()).isIn(JoseException.Reason.DECRYPTION_FAILED, JoseException.Reason.MALFORMED);
    }

    /** The Base64URL part with its first character changed to another valid one. */
    private static String flipped(String part) {
        char c = part.charAt(0);
        return (c == 'A' ? 'B' : 'A') + part.substring(1);
    }
}
