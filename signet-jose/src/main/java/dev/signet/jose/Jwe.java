package dev.signet.jose;

import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.internal.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JWE in compact serialization (RFC 7516 §7.1): five parts, split and strictly decoded.
 *
 * <p>A {@code Jwe} from {@link JweDecrypter#decrypt} carries its plaintext and the key that
 * decrypted it; one from {@link #parseUnverified} carries neither and must not be trusted.
 */
public final class Jwe {

    /** Default maximum token length: 16 KiB, as for a JWS. */
    public static final int DEFAULT_MAX_LENGTH = Jws.DEFAULT_MAX_LENGTH;

    private final JweHeader header;
    private final byte[] aad;
    private final byte[] encryptedKey;
    private final byte[] iv;
    private final byte[] ciphertext;
    private final byte[] tag;
    private final byte[] plaintext;
    private final Jwk key;

    private Jwe(
            JweHeader header,
            byte[] aad,
            byte[] encryptedKey,
            byte[] iv,
            byte[] ciphertext,
            byte[] tag,
            byte[] plaintext,
            Jwk key) {
        this.header = header;
        this.aad = aad;
        this.encryptedKey = encryptedKey;
        this.iv = iv;
        this.ciphertext = ciphertext;
        this.tag = tag;
        this.plaintext = plaintext;
        this.key = key;
    }

    /**
     * Splits and decodes a compact JWE <em>without decrypting it</em>: for inspection tools only.
     * Everything in the result is attacker-controlled.
     */
    public static Jwe parseUnverified(String compact) throws JoseException {
        return parse(compact, DEFAULT_MAX_LENGTH, Json.DEFAULT_MAX_DEPTH);
    }

    static Jwe parse(String compact, int maxLength, int maxDepth) throws JoseException {
        if (compact == null) {
            throw new JoseException(Reason.MALFORMED, "no token");
        }
        if (compact.length() > maxLength) {
            throw new JoseException(
                    Reason.TOO_LARGE, "token of " + compact.length() + " characters exceeds the limit of " + maxLength);
        }
        byte[] bytes = compact.getBytes(StandardCharsets.UTF_8);
        int[] dots = new int[4];
        int n = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '.') {
                if (n == 4) {
                    n++;
                    break;
                }
                dots[n++] = i;
            }
        }
        if (n != 4) {
            throw new JoseException(
                    Reason.MALFORMED,
                    "a compact JWE has 5 parts, found " + (n > 4 ? "more" : n + 1)
                            + (n == 2 ? " (this is a JWS)" : ""));
        }
        if (dots[0] == 0) {
            throw new JoseException(Reason.MALFORMED, "empty JWE header");
        }
        byte[] headerJson = Base64Url.decode(bytes, 0, dots[0]);
        JweHeader header = JweHeader.fromMembers(Json.parseObject(headerJson, 0, headerJson.length, maxDepth));
        byte[] encryptedKey = part(bytes, dots[0], dots[1]);
        byte[] iv = part(bytes, dots[1], dots[2]);
        byte[] ciphertext = part(bytes, dots[2], dots[3]);
        byte[] tag = part(bytes, dots[3], bytes.length);
        // RFC 7516 §5.2 step 14: the AAD is ASCII(BASE64URL(UTF8(JWE Protected Header))), as it appears in the token.
        return new Jwe(header, Arrays.copyOf(bytes, dots[0]), encryptedKey, iv, ciphertext, tag, null, null);
    }

    private static byte[] part(byte[] bytes, int dotBefore, int end) throws JoseException {
        return Base64Url.decode(bytes, dotBefore + 1, end - dotBefore - 1);
    }

    Jwe decryptedWith(byte[] plaintext, Jwk key) {
        return new Jwe(header, aad, encryptedKey, iv, ciphertext, tag, plaintext, key);
    }

    byte[] aadUnsafe() {
        return aad;
    }

    byte[] encryptedKeyUnsafe() {
        return encryptedKey;
    }

    byte[] ivUnsafe() {
        return iv;
    }

    byte[] ciphertextUnsafe() {
        return ciphertext;
    }

    byte[] tagUnsafe() {
        return tag;
    }

    byte[] plaintextUnsafe() {
        return plaintext;
    }

    /** The protected header. */
    public JweHeader header() {
        return header;
    }

    /** The encrypted key (a copy); empty for {@code dir} and {@code ECDH-ES}. */
    public byte[] encryptedKey() {
        return encryptedKey.clone();
    }

    /** The initialization vector (a copy). */
    public byte[] iv() {
        return iv.clone();
    }

    /** The ciphertext (a copy). */
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    /** The authentication tag (a copy). */
    public byte[] tag() {
        return tag.clone();
    }

    /** Whether this JWE was decrypted (it then has a plaintext and a key). */
    public boolean isDecrypted() {
        return plaintext != null;
    }

    /**
     * The plaintext (a copy), decompressed when {@code zip} was {@code DEF}.
     *
     * @throws IllegalStateException when the JWE was parsed without decrypting it
     */
    public byte[] plaintext() {
        if (plaintext == null) {
            throw new IllegalStateException("this JWE was parsed, not decrypted: it has no plaintext");
        }
        return plaintext.clone();
    }

    /** The plaintext as UTF-8 text; see {@link #plaintext()}. */
    public String plaintextText() {
        return new String(plaintext(), StandardCharsets.UTF_8);
    }

    /** The key that decrypted this JWE, or null when it was parsed without decrypting it. */
    public Jwk decryptionKey() {
        return key;
    }
}
