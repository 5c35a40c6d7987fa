package dev.signet.jose.internal.jwe;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBES2 key derivation (RFC 7518 §4.8): PBKDF2 from the JCA ({@code PBKDF2WithHmacSHA*}) over
 * the password, with salt = UTF8(alg) ‖ 0x00 ‖ p2s and {@code p2c} iterations. The JCA takes the
 * password as characters and encodes them as UTF-8, so the password bytes must be UTF-8 text.
 */
public final class Pbes2 {

    private Pbes2() {}

    /** The password bytes as characters, or null when they are not valid UTF-8 (or empty). */
    public static char[] passwordChars(byte[] password) {
        if (password.length == 0) {
            return null;
        }
        try {
            CharBuffer cb = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(password));
            char[] chars = new char[cb.remaining()];
            cb.get(chars);
            return chars;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The key-wrapping key of {@code keyBits} derived with PBKDF2 and the HMAC {@code prf} (JCA Mac name). */
    public static byte[] deriveKey(String prf, char[] password, String alg, byte[] p2s, int p2c, int keyBits)
            throws GeneralSecurityException {
        byte[] algBytes = alg.getBytes(StandardCharsets.US_ASCII);
        byte[] salt = new byte[algBytes.length + 1 + p2s.length];
        System.arraycopy(algBytes, 0, salt, 0, algBytes.length);
        System.arraycopy(p2s, 0, salt, algBytes.length + 1, p2s.length);
        PBEKeySpec spec = new PBEKeySpec(password, salt, p2c, keyBits);
        try {
            return SecretKeyFactory.getInstance("PBKDF2With" + prf)
                    .generateSecret(spec)
                    .getEncoded();
        } finally {
            spec.clearPassword();
            Arrays.fill(salt, (byte) 0);
        }
    }
}
