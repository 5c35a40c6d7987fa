package dev.signet.jose.internal.jwe;

import dev.signet.jose.internal.Jca;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-CBC-HMAC-SHA2 (RFC 7518 §5.2): encrypt-then-MAC composed of the JCA's
 * {@code AES/CBC/PKCS5Padding} and {@code HmacSHA*}. The CEK's first half is the MAC key, the
 * second the AES key; the tag is the first half of HMAC(A ‖ IV ‖ E ‖ AL). On decryption the tag
 * is checked in constant time <em>before</em> anything is decrypted, so padding is never
 * examined for unauthenticated ciphertext (no padding oracle).
 */
public final class AesCbcHmac {

    public static final int IV_LENGTH = 16;

    private AesCbcHmac() {}

    /** Returns {@code {ciphertext, tag}}. */
    public static byte[][] encrypt(String macName, byte[] cek, byte[] iv, byte[] aad, byte[] plaintext)
            throws GeneralSecurityException {
        int half = cek.length / 2;
        Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, half, half, "AES"), new IvParameterSpec(iv));
        byte[] ciphertext = c.doFinal(plaintext);
        return new byte[][] {ciphertext, tag(macName, cek, iv, aad, ciphertext)};
    }

    /**
     * Checks the tag, then decrypts.
     *
     * @throws GeneralSecurityException ({@code AEADBadTagException}) when the tag does not verify;
     *     ({@code BadPaddingException}) only for an authentic ciphertext with bad padding
     */
    public static byte[] decrypt(String macName, byte[] cek, byte[] iv, byte[] aad, byte[] ciphertext, byte[] tag)
            throws GeneralSecurityException {
        int half = cek.length / 2;
        if (iv.length != IV_LENGTH) {
            throw new AEADBadTagException("CBC needs a 128-bit IV");
        }
        byte[] expected = tag(macName, cek, iv, aad, ciphertext);
        // Constant time for equal lengths; a tag of another length is refused by the same test.
        if (!MessageDigest.isEqual(expected, tag)) {
            throw new AEADBadTagException("authentication tag mismatch");
        }
        // PKCS#7 always adds a block: an empty ciphertext has no padding to check, and the JDK's
        // CBC would decrypt it to an empty plaintext instead of failing.
        if (ciphertext.length == 0) {
            throw new BadPaddingException("an empty ciphertext has no padding");
        }
        Cipher c = Jca.decryptingCipher("AES/CBC/PKCS5Padding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, half, half, "AES"), new IvParameterSpec(iv));
        return c.doFinal(ciphertext);
    }

    private static byte[] tag(String macName, byte[] cek, byte[] iv, byte[] aad, byte[] ciphertext)
            throws GeneralSecurityException {
        int half = cek.length / 2;
        Mac mac = Jca.mac(macName, new SecretKeySpec(cek, 0, half, macName), null);
        mac.update(aad);
        mac.update(iv);
        mac.update(ciphertext);
        // AL: the AAD length in bits as a 64-bit big-endian integer (RFC 7518 §5.2.2.1).
        mac.update(ByteBuffer.allocate(8).putLong((long) aad.length * 8).array());
        return Arrays.copyOf(mac.doFinal(), half);
    }
}
