package dev.signet.jose;

import java.util.Map;

/**
 * Test access to the serialization-independent core of {@link JweDecrypter}: one recipient's
 * decryption given the JOSE header, the AAD bytes and the four binary parts. It lets the RFC 7520
 * examples that exist only in JSON serialization run through the same code as compact tokens.
 */
public final class JweAccess {

    private JweAccess() {}

    /** The plaintext of one recipient: {@code header} is the union of all header members that apply to it. */
    public static byte[] open(
            JweDecrypter decrypter,
            Map<String, Object> header,
            byte[] aad,
            byte[] encryptedKey,
            byte[] iv,
            byte[] ciphertext,
            byte[] tag)
            throws JoseException {
        return decrypter.open(JweHeader.fromMembers(header), aad, encryptedKey, iv, ciphertext, tag).plaintext;
    }
}
