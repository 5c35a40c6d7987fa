package dev.signet.jose.attacks;

import static dev.signet.jose.attacks.Forge.b64;

import dev.signet.jose.Base64Url;
import dev.signet.jose.JoseException;
import dev.signet.jose.internal.jwe.AesCbcHmac;
import dev.signet.jose.internal.jwe.AesGcm;
import dev.signet.jose.internal.jwe.Deflate;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * Builds JWEs the library's encrypter refuses to make — any protected header text, any parts —
 * with the JCA primitives directly, for {@code dir} where the test knows the CEK.
 */
final class JweForge {

    private JweForge() {}

    /** The five parts joined: the header text is Base64URL-encoded, the rest given as bytes. */
    static String token(String headerJson, byte[] encryptedKey, byte[] iv, byte[] ciphertext, byte[] tag) {
        return b64(headerJson) + "." + b64(encryptedKey) + "." + b64(iv) + "." + b64(ciphertext) + "." + b64(tag);
    }

    /** A correct {@code dir} token with A256GCM under exactly this header text (the header should say so). */
    static String dirGcm(byte[] cek, String headerJson, byte[] plaintext) {
        byte[] iv = new byte[12];
        Arrays.fill(iv, (byte) 7);
        try {
            byte[][] sealed = AesGcm.encrypt(cek, iv, b64(headerJson).getBytes(StandardCharsets.US_ASCII), plaintext);
            return token(headerJson, new byte[0], iv, sealed[0], sealed[1]);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A correct {@code dir} token with A128CBC-HS256 (32-byte CEK) under exactly this header text. */
    static String dirCbc(byte[] cek, String headerJson, byte[] plaintext) {
        byte[] iv = new byte[16];
        Arrays.fill(iv, (byte) 9);
        try {
            byte[][] sealed = AesCbcHmac.encrypt(
                    "HmacSHA256", cek, iv, b64(headerJson).getBytes(StandardCharsets.US_ASCII), plaintext);
            return token(headerJson, new byte[0], iv, sealed[0], sealed[1]);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] deflate(byte[] data) {
        return Deflate.compress(data);
    }

    /** The decoded bytes of part {@code index}. */
    static byte[] bytes(String token, int index) throws JoseException {
        return Base64Url.decode(Forge.part(token, index));
    }

    /** The token with bit {@code bit} of part {@code index} flipped. */
    static String flipBit(String token, int index, int bit) throws JoseException {
        byte[] b = bytes(token, index);
        b[bit / 8] ^= (byte) (1 << (bit % 8));
        return Forge.withPart(token, index, b64(b));
    }

    /** The token with part {@code index} replaced by these bytes. */
    static String withBytes(String token, int index, byte[] bytes) {
        return Forge.withPart(token, index, b64(bytes));
    }
}
