package dev.signet.jose.internal.jwe;

import dev.signet.jose.internal.Jca;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/** AES Key Wrap (RFC 3394, RFC 7518 §4.4) through the JCA's {@code AESWrap} cipher. */
public final class AesKeyWrap {

    private AesKeyWrap() {}

    public static byte[] wrap(byte[] kek, byte[] cek) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AESWrap");
        c.init(Cipher.WRAP_MODE, new SecretKeySpec(kek, "AES"));
        return c.wrap(new SecretKeySpec(cek, "AES"));
    }

    /**
     * Unwraps and checks the RFC 3394 integrity value.
     *
     * @throws GeneralSecurityException when the integrity check fails (wrong key or altered data)
     */
    public static byte[] unwrap(byte[] kek, byte[] wrapped) throws GeneralSecurityException {
        if (wrapped.length < 24 || wrapped.length % 8 != 0) {
            throw new javax.crypto.IllegalBlockSizeException("a wrapped key is a multiple of 8 bytes, at least 24");
        }
        Cipher c = Jca.decryptingCipher("AESWrap");
        c.init(Cipher.UNWRAP_MODE, new SecretKeySpec(kek, "AES"));
        return c.unwrap(wrapped, "AES", Cipher.SECRET_KEY).getEncoded();
    }
}
