package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.DECRYPTION_FAILED;
import static dev.signet.jose.attacks.Forge.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.ContentEncryption;
import dev.signet.jose.JoseException;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.JweDecrypter;
import dev.signet.jose.Jwk;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Padding and decryption oracles (Bleichenbacher 1998 on RSA1_5, Manger 2001 on OAEP, Vaudenay
 * 2002 on CBC): a recipient that answers "bad padding" differently from "bad tag" or "wrong key"
 * decrypts for the attacker, one query at a time. Every way a JWE fails to decrypt is the same
 * rejection, DECRYPTION_FAILED, with the same message; RSA1_5 goes on with a random CEK after a
 * padding failure (RFC 7516 §11.5), so it fails at the tag like everything else.
 */
class PaddingOracleAttackTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The message of each rejection: all must be DECRYPTION_FAILED, and all messages one. */
    private static void assertOneUniformRejection(List<Executable> attempts) {
        List<String> messages = new ArrayList<>();
        for (Executable a : attempts) {
            messages.add(rejects(DECRYPTION_FAILED, a).getMessage());
        }
        assertThat(messages).hasSize(attempts.size()).containsOnly(messages.get(0));
    }

    @Test
    void wrongKeyBadTagAndBadCbcPaddingAreOneRejection() throws Exception {
        JweDecrypter kw = TrustedRecipient.decrypter(
                        JweAlgorithm.A128KW, ContentEncryption.A128CBC_HS256, TrustedRecipient.KW)
                .build();
        Jwk otherKey = Jwk.fromSecret(new byte[16]).withKeyId("kw-1");
        String toOtherKey = TrustedRecipient.encrypt(otherKey, JweAlgorithm.A128KW, ContentEncryption.A128CBC_HS256);
        String genuine =
                TrustedRecipient.encrypt(TrustedRecipient.KW, JweAlgorithm.A128KW, ContentEncryption.A128CBC_HS256);
        JweDecrypter dir = TrustedRecipient.decrypter(
                        JweAlgorithm.DIR, ContentEncryption.A128CBC_HS256, TrustedRecipient.DIR)
                .build();
        String header = "{\"alg\":\"dir\",\"enc\":\"A128CBC-HS256\"}";
        String goodTagBadPadding = authenticBadPadding(header);
        String badTagBadPadding = JweForge.flipBit(goodTagBadPadding, 4, 0);

        assertOneUniformRejection(List.of(
                () -> kw.decrypt(toOtherKey), // wrong key: the AES-KW integrity check fails
                () -> kw.decrypt(JweForge.flipBit(genuine, 4, 5)), // bad tag
                () -> kw.decrypt(JweForge.flipBit(genuine, 1, 9)), // altered wrapped key
                () -> dir.decrypt(goodTagBadPadding), // authentic ciphertext, bad padding
                () -> dir.decrypt(badTagBadPadding))); // forged ciphertext, bad padding
    }

    /**
     * A ciphertext whose PKCS#7 padding is invalid, under a correct HMAC: only a recipient holding
     * the key (here the test) can make one. Were the padding checked first, or reported apart,
     * {@link #wrongKeyBadTagAndBadCbcPaddingAreOneRejection} would see two answers.
     */
    private static String authenticBadPadding(String headerJson) throws GeneralSecurityException {
        byte[] k = TrustedRecipient.DIR_SECRET;
        byte[] iv = new byte[16];
        RANDOM.nextBytes(iv);
        byte[] block = new byte[32];
        Arrays.fill(block, (byte) 0x11); // last byte 0x11 > 16: never valid padding
        Cipher cbc = Cipher.getInstance("AES/CBC/NoPadding");
        cbc.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, 16, 16, "AES"), new IvParameterSpec(iv));
        byte[] ct = cbc.doFinal(block);
        byte[] aad = Forge.b64(headerJson).getBytes(StandardCharsets.US_ASCII);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(k, 0, 16, "HmacSHA256"));
        mac.update(aad);
        mac.update(iv);
        mac.update(ct);
        mac.update(ByteBuffer.allocate(8).putLong(aad.length * 8L).array());
        return JweForge.token(headerJson, new byte[0], iv, ct, Arrays.copyOf(mac.doFinal(), 16));
    }

    @Test
    void badOaepAndWrongRsaKeyAreTheSameRejection() throws Exception {
        JweDecrypter d = TrustedRecipient.decrypter(
                        JweAlgorithm.RSA_OAEP_256, ContentEncryption.A256GCM, TrustedRecipient.RSA)
                .build();
        String genuine =
                TrustedRecipient.encrypt(TrustedRecipient.RSA, JweAlgorithm.RSA_OAEP_256, ContentEncryption.A256GCM);
        byte[] noise = new byte[256];
        RANDOM.nextBytes(noise);
        noise[0] = 0x01; // below the modulus
        Jwk stranger = Jwk.fromKeyPair(rsaPair()).withKeyId("rsa-enc-1").withUse("enc");
        String toStranger = TrustedRecipient.encrypt(stranger, JweAlgorithm.RSA_OAEP_256, ContentEncryption.A256GCM);
        // RSA-OAEP with SHA-1 instead of SHA-256: valid OAEP, wrong parameters.
        String sha1 = TrustedRecipient.encrypt(TrustedRecipient.RSA, JweAlgorithm.RSA_OAEP, ContentEncryption.A256GCM);

        assertOneUniformRejection(List.of(
                () -> d.decrypt(JweForge.withBytes(genuine, 1, noise)),
                () -> d.decrypt(toStranger),
                () -> d.decrypt(JweForge.withBytes(genuine, 1, JweForge.bytes(sha1, 1))),
                () -> d.decrypt(JweForge.flipBit(genuine, 1, 2000)),
                () -> d.decrypt(JweForge.flipBit(genuine, 4, 0))));
    }

    /**
     * The Bleichenbacher queries against RSA1_5: bad padding, good padding around a CEK of the
     * wrong length, good padding around a CEK of the right length but not the sender's, an
     * encrypted key of the wrong length, and a bad tag. One answer for all (RFC 7516 §11.5).
     */
    @Test
    void rsa15PaddingFailuresAreIndistinguishableFromABadTag() throws Exception {
        ContentEncryption enc = ContentEncryption.A128CBC_HS256;
        JweDecrypter d = TrustedRecipient.decrypter(JweAlgorithm.RSA1_5, enc, TrustedRecipient.RSA)
                .allowInsecureRsa1_5()
                .build();
        String genuine = TrustedRecipient.encrypter(TrustedRecipient.RSA, JweAlgorithm.RSA1_5, enc)
                .allowInsecureRsa1_5()
                .build()
                .encrypt(TrustedRecipient.PLAINTEXT);
        assertThat(d.decrypt(genuine).plaintext()).isEqualTo(TrustedRecipient.PLAINTEXT);
        byte[] badPadding = new byte[256];
        RANDOM.nextBytes(badPadding);
        badPadding[0] = 0x01;

        assertOneUniformRejection(List.of(
                () -> d.decrypt(JweForge.withBytes(genuine, 1, badPadding)),
                () -> d.decrypt(JweForge.withBytes(genuine, 1, pkcs1(new byte[16]))),
                () -> d.decrypt(JweForge.withBytes(genuine, 1, pkcs1(new byte[64]))),
                () -> d.decrypt(JweForge.withBytes(genuine, 1, pkcs1(new byte[32]))),
                () -> d.decrypt(JweForge.withBytes(genuine, 1, new byte[255])),
                () -> d.decrypt(JweForge.withBytes(genuine, 1, new byte[0x100 + 1])),
                () -> d.decrypt(JweForge.flipBit(genuine, 4, 0))));
    }

    private static byte[] pkcs1(byte[] cek) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        c.init(Cipher.ENCRYPT_MODE, TrustedRecipient.RSA.publicKey());
        return c.doFinal(cek);
    }

    private static java.security.KeyPair rsaPair() throws GeneralSecurityException {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    @Test
    void aDecrypterTriesEveryFittingKeyAndStillAnswersOnce() throws JoseException {
        Jwk a = Jwk.fromSecret(new byte[16]);
        Jwk b = Jwk.fromSecret(Arrays.copyOf(new byte[] {1}, 16));
        String toB = TrustedRecipient.encrypt(b, JweAlgorithm.A128KW, ContentEncryption.A128GCM);
        String toKw = TrustedRecipient.encrypt(
                TrustedRecipient.KW.withKeyId(null), JweAlgorithm.A128KW, ContentEncryption.A128GCM);
        JweDecrypter both = TrustedRecipient.decrypter(JweAlgorithm.A128KW, ContentEncryption.A128GCM, a, b)
                .build();

        assertThat(both.decrypt(toB).decryptionKey()).isEqualTo(b);
        assertOneUniformRejection(List.of(() -> both.decrypt(toKw), () -> both.decrypt(JweForge.flipBit(toB, 4, 0))));
    }
}
