package dev.signet.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signet.jose.internal.Jca;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
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
    private static final byte[] SECOND =
            "the second plaintext, longer than one AES block".getBytes(StandardCharsets.UTF_8);

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> pairs() {
        return JweRoundTripTest.pairs();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("pairs")
    void rejectedTokensLeaveTheThreadsEnginesClean(JweAlgorithm alg, ContentEncryption enc, Curve curve)
            throws JoseException {
        JweRoundTripTest.Ends ends = JweRoundTripTest.ends(alg, enc, JweRoundTripTest.recipientKey(alg, enc, curve));
        JweEncrypter encrypter = ends.encrypter();
        JweDecrypter decrypter = ends.decrypter();
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

        assertThat(Jca.decryptingCipher("AES/GCM/NoPadding")).isSameAs(gcm);
        assertThat(Jca.decryptingCipher("AESWrap")).isNotSameAs(gcm);
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

        assertThat(fresh)
                .isEqualTo(java.security.MessageDigest.getInstance("SHA-256").digest(new byte[0]));
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

    private static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    /** Reused agreement engines give the same secrets as fresh ones, across keys, peers and a refused peer. */
    @org.junit.jupiter.api.Test
    void aReusedKeyAgreementMatchesAFreshOneAcrossKeysPeersAndFailures() throws Exception {
        KeyPair mine = ec("secp256r1");
        KeyPair other = ec("secp256r1");
        KeyPair peer1 = ec("secp256r1");
        KeyPair peer2 = ec("secp256r1");
        KeyPair wrongCurve = ec("secp384r1");

        for (int round = 0; round < 3; round++) {
            assertThat(Jca.agree("ECDH", mine.getPrivate(), peer1.getPublic())).isEqualTo(fresh(mine, peer1));
            assertThat(Jca.agree("ECDH", mine.getPrivate(), peer2.getPublic())).isEqualTo(fresh(mine, peer2));
            assertThrows(
                    java.security.GeneralSecurityException.class,
                    () -> Jca.agree("ECDH", mine.getPrivate(), wrongCurve.getPublic()));
            assertThat(Jca.agree("ECDH", other.getPrivate(), peer1.getPublic())).isEqualTo(fresh(other, peer1));
            assertThat(Jca.agree("ECDH", mine.getPrivate(), peer1.getPublic())).isEqualTo(fresh(mine, peer1));
        }
    }

    private static byte[] fresh(KeyPair mine, KeyPair peer) throws Exception {
        KeyAgreement ka = KeyAgreement.getInstance("ECDH");
        ka.init(mine.getPrivate());
        ka.doPhase(peer.getPublic(), true);
        return ka.generateSecret();
    }

    /**
     * A reused verification engine (initVerify skipped for the same key object) answers each
     * signature on its own: good, altered, malformed (an exception), another key, a signing use of
     * the same engine in between, and good again.
     */
    @org.junit.jupiter.api.Test
    void aReusedVerifierAnswersEachSignatureOnItsOwn() throws Exception {
        KeyPair a = ec("secp256r1");
        KeyPair b = ec("secp256r1");
        byte[] data = "signed input".getBytes(StandardCharsets.UTF_8);
        byte[] byA = sign(a, data);
        byte[] byB = sign(b, data);
        byte[] altered = "signed inpuT".getBytes(StandardCharsets.UTF_8);

        for (int round = 0; round < 3; round++) {
            assertThat(Jca.verify("SHA256withECDSA", a.getPublic(), null, data, 0, data.length, byA))
                    .isTrue();
            assertThat(Jca.verify("SHA256withECDSA", a.getPublic(), null, altered, 0, altered.length, byA))
                    .isFalse();
            assertThat(Jca.verify("SHA256withECDSA", a.getPublic(), null, data, 0, data.length, byB))
                    .isFalse();
            assertThrows(
                    java.security.SignatureException.class,
                    () -> Jca.verify(
                            "SHA256withECDSA", a.getPublic(), null, data, 0, data.length, new byte[] {0x30, 1}));
            assertThat(Jca.verify("SHA256withECDSA", a.getPublic(), null, data, 0, data.length, byA))
                    .isTrue();
            assertThat(Jca.verify("SHA256withECDSA", b.getPublic(), null, data, 0, data.length, byB))
                    .isTrue();
            assertThat(Jca.verify("SHA256withECDSA", b.getPublic(), null, data, 0, data.length, byA))
                    .isFalse();
            // A signing use of the thread's engine in between: the next verification initializes again.
            Signature s = Jca.signature("SHA256withECDSA", null);
            s.initSign(a.getPrivate());
            s.update(data);
            assertThat(Jca.verify("SHA256withECDSA", b.getPublic(), null, data, 0, data.length, s.sign()))
                    .isFalse();
            assertThat(Jca.verify("SHA256withECDSA", a.getPublic(), null, data, 0, data.length, byA))
                    .isTrue();
        }
    }

    private static byte[] sign(KeyPair k, byte[] data) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(k.getPrivate());
        s.update(data);
        return s.sign();
    }
}
