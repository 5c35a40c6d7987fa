package dev.signet.jose.internal.jwe;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * RSA key encryption (RFC 7518 §4.2, §4.3): RSAES-OAEP with the hash and MGF1 hash named
 * explicitly (never a provider default), and RSAES-PKCS1-v1_5 for legacy tokens with the
 * RFC 7516 §11.5 / RFC 3218 §2.3.2 countermeasure.
 */
public final class RsaKeyEncryption {

    private RsaKeyEncryption() {}

    /** Encrypts the CEK; {@code oaepHash} null means PKCS#1 v1.5. */
    public static byte[] encrypt(String oaepHash, PublicKey key, byte[] cek, SecureRandom random)
            throws GeneralSecurityException {
        Cipher c = cipher(oaepHash);
        if (oaepHash == null) {
            c.init(Cipher.ENCRYPT_MODE, key, random);
        } else {
            c.init(Cipher.ENCRYPT_MODE, key, oaep(oaepHash), random);
        }
        return c.doFinal(cek);
    }

    /**
     * RSAES-OAEP decryption.
     *
     * @throws GeneralSecurityException when the encoding does not verify (wrong key or altered data)
     */
    public static byte[] decryptOaep(String hash, PrivateKey key, byte[] encryptedKey) throws GeneralSecurityException {
        Cipher c = cipher(hash);
        c.init(Cipher.DECRYPT_MODE, key, oaep(hash));
        return c.doFinal(encryptedKey);
    }

    /**
     * RSAES-PKCS1-v1_5 decryption that never reports a padding failure: a random CEK of
     * {@code cekLength} bytes is drawn first and returned whenever the padding is bad or the
     * decrypted key has the wrong length, so the caller fails later, at the content's tag,
     * exactly as it does for a well-padded wrong key (RFC 7516 §11.5, RFC 3218 §2.3.2).
     */
    public static byte[] decryptPkcs1OrRandom(PrivateKey key, byte[] encryptedKey, int cekLength, SecureRandom random) {
        byte[] fallback = new byte[cekLength];
        random.nextBytes(fallback);
        byte[] decrypted;
        try {
            Cipher c = cipher(null);
            c.init(Cipher.DECRYPT_MODE, key);
            decrypted = c.doFinal(encryptedKey);
        } catch (GeneralSecurityException | RuntimeException e) {
            decrypted = null;
        }
        boolean good = decrypted != null && decrypted.length == cekLength;
        byte[] candidate = good ? decrypted : new byte[cekLength];
        // Select without a data-dependent branch on the key bytes.
        int mask = good ? 0xff : 0;
        byte[] out = new byte[cekLength];
        for (int i = 0; i < cekLength; i++) {
            out[i] = (byte) ((candidate[i] & mask) | (fallback[i] & ~mask));
        }
        return out;
    }

    private static Cipher cipher(String oaepHash) throws GeneralSecurityException {
        return Cipher.getInstance(oaepHash == null ? "RSA/ECB/PKCS1Padding" : "RSA/ECB/OAEPPadding");
    }

    private static OAEPParameterSpec oaep(String hash) throws GeneralSecurityException {
        MessageDigest.getInstance(hash); // fails early with NoSuchAlgorithmException when the runtime lacks it
        return new OAEPParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), PSource.PSpecified.DEFAULT);
    }
}
