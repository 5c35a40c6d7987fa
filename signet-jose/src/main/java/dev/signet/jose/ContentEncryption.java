package dev.signet.jose;

import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.internal.jwe.AesCbcHmac;
import dev.signet.jose.internal.jwe.AesGcm;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.NoSuchPaddingException;

/**
 * JWE content encryption algorithms ({@code enc}, RFC 7518 §5): authenticated encryption of the
 * plaintext with the CEK.
 */
public enum ContentEncryption {
    /** AES-128-CBC with HMAC-SHA-256 truncated to 128 bits (RFC 7518 §5.2.3); 256-bit CEK. */
    A128CBC_HS256("A128CBC-HS256", 256, true, "HmacSHA256"),
    /** AES-192-CBC with HMAC-SHA-384 truncated to 192 bits (RFC 7518 §5.2.4); 384-bit CEK. */
    A192CBC_HS384("A192CBC-HS384", 384, true, "HmacSHA384"),
    /** AES-256-CBC with HMAC-SHA-512 truncated to 256 bits (RFC 7518 §5.2.5); 512-bit CEK. */
    A256CBC_HS512("A256CBC-HS512", 512, true, "HmacSHA512"),
    /** AES-GCM with a 128-bit key, 96-bit IV, 128-bit tag (RFC 7518 §5.3). */
    A128GCM("A128GCM", 128, false, null),
    /** AES-GCM with a 192-bit key. */
    A192GCM("A192GCM", 192, false, null),
    /** AES-GCM with a 256-bit key. */
    A256GCM("A256GCM", 256, false, null);

    private final String identifier;
    private final int keyBits;
    private final boolean cbcHmac;
    private final String mac;

    ContentEncryption(String identifier, int keyBits, boolean cbcHmac, String mac) {
        this.identifier = identifier;
        this.keyBits = keyBits;
        this.cbcHmac = cbcHmac;
        this.mac = mac;
    }

    /** The {@code enc} header value. */
    public String identifier() {
        return identifier;
    }

    /** Length of the CEK in bits (for CBC-HMAC the MAC key and the AES key together). */
    public int keyBits() {
        return keyBits;
    }

    /** Length of the CEK in bytes. */
    public int keyLength() {
        return keyBits / 8;
    }

    /** Length of the initialization vector in bytes: 16 for CBC, 12 for GCM. */
    public int ivLength() {
        return cbcHmac ? 16 : 12;
    }

    /** Length of the authentication tag in bytes: half the CEK for CBC-HMAC, 16 for GCM. */
    public int tagLength() {
        return cbcHmac ? keyLength() / 2 : 16;
    }

    boolean isCbcHmac() {
        return cbcHmac;
    }

    /** The JCA Mac name of CBC-HMAC, null for GCM. */
    String macName() {
        return mac;
    }

    /** Encrypts and authenticates; returns {@code {ciphertext, tag}}. */
    byte[][] seal(byte[] cek, byte[] iv, byte[] aad, byte[] plaintext) throws JoseException {
        try {
            return cbcHmac ? AesCbcHmac.encrypt(mac, cek, iv, aad, plaintext) : AesGcm.encrypt(cek, iv, aad, plaintext);
        } catch (GeneralSecurityException e) {
            throw new JoseException(
                    Reason.UNSUPPORTED,
                    identifier + " encryption failed in the JCA provider: "
                            + e.getClass().getSimpleName());
        }
    }

    /**
     * Authenticates, then decrypts (RFC 7516 §5.2 step 16). A tag of the wrong length, a tag that
     * does not verify and bad padding are all {@link KeyManagement#decryptionFailed()}.
     */
    byte[] open(byte[] cek, byte[] iv, byte[] aad, byte[] ciphertext, byte[] tag) throws JoseException {
        try {
            return cbcHmac
                    ? AesCbcHmac.decrypt(mac, cek, iv, aad, ciphertext, tag)
                    : AesGcm.decrypt(cek, iv, aad, ciphertext, tag);
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new JoseException(Reason.UNSUPPORTED, identifier + " is not supported by this runtime");
        } catch (GeneralSecurityException | RuntimeException e) {
            throw KeyManagement.decryptionFailed();
        }
    }

    /** The algorithm for an {@code enc} value (case-sensitive), or {@code null}. */
    public static ContentEncryption fromIdentifier(String enc) {
        if (enc == null) {
            return null;
        }
        for (ContentEncryption e : values()) {
            if (e.identifier.equals(enc)) {
                return e;
            }
        }
        return null;
    }
}
