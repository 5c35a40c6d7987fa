package dev.signet.jose;

/**
 * Test access to {@link ContentEncryption}'s package-private sealing, so that tests outside this
 * package can build JWEs around chosen CEKs, IVs and headers exactly as the encrypter seals them.
 */
public final class ContentEncryptionAccess {

    private ContentEncryptionAccess() {}

    /** {@code {ciphertext, tag}} of {@code plaintext} under {@code cek}, as {@link JweEncrypter} makes them. */
    public static byte[][] seal(ContentEncryption enc, byte[] cek, byte[] iv, byte[] aad, byte[] plaintext)
            throws JoseException {
        return enc.seal(cek, iv, aad, plaintext);
    }

    /** The JCA Mac name of a CBC-HMAC {@code enc} (RFC 7518 §5.2.3–5.2.5), null for GCM. */
    public static String macName(ContentEncryption enc) {
        return enc.macName();
    }
}
