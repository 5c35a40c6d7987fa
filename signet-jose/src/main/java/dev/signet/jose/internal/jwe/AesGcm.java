package dev.signet.jose.internal.jwe;

import dev.signet.jose.internal.Jca;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM with a 96-bit IV and a 128-bit tag, for JWE content (RFC 7518 §5.3) and for GCM key
 * wrapping (RFC 7518 §4.7). The JCA's {@code AES/GCM/NoPadding} does the work; the tag length is
 * fixed here, never taken from the input.
 */
public final class AesGcm {

    public static final int IV_LENGTH = 12;
    public static final int TAG_LENGTH = 16;

    private AesGcm() {}

    /** Returns {@code {ciphertext, tag}}. */
    public static byte[][] encrypt(byte[] key, byte[] iv, byte[] aad, byte[] plaintext)
            throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, iv));
        c.updateAAD(aad);
        byte[] out = c.doFinal(plaintext);
        int n = out.length - TAG_LENGTH;
        return new byte[][] {Arrays.copyOf(out, n), Arrays.copyOfRange(out, n, out.length)};
    }

    /**
     * Decrypts and authenticates.
     *
     * @throws GeneralSecurityException ({@code AEADBadTagException}) when the tag does not verify
     */
    public static byte[] decrypt(byte[] key, byte[] iv, byte[] aad, byte[] ciphertext, byte[] tag)
            throws GeneralSecurityException {
        if (iv.length != IV_LENGTH || tag.length != TAG_LENGTH) {
            throw new javax.crypto.AEADBadTagException("GCM needs a 96-bit IV and a 128-bit tag");
        }
        Cipher c = Jca.decryptingCipher("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, iv));
        c.updateAAD(aad);
        byte[] input = Arrays.copyOf(ciphertext, ciphertext.length + TAG_LENGTH);
        System.arraycopy(tag, 0, input, ciphertext.length, TAG_LENGTH);
        return c.doFinal(input);
    }
}
