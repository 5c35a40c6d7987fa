package dev.signet.jose;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Strict Base64URL (RFC 4648 §5) without padding, as JOSE requires (RFC 7515 §2).
 *
 * <p>Decoding rejects padding, whitespace, characters outside the alphabet, a length that no
 * encoding can have, and non-canonical encodings whose unused trailing bits are not zero: every
 * byte string has exactly one accepted encoding, so a signature or MAC cannot be "varied".
 */
public final class Base64Url {

    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
    private static final byte[] DECODE = new byte[128];
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    static {
        Arrays.fill(DECODE, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            DECODE[ALPHABET[i]] = (byte) i;
        }
    }

    private Base64Url() {}

    /** Encodes without padding. */
    public static String encode(byte[] data) {
        return new String(encodeToAscii(data, 0, data.length), StandardCharsets.ISO_8859_1);
    }

    /** Encodes the UTF-8 bytes of a string without padding. */
    public static String encode(String text) {
        return encode(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Encodes {@code len} bytes from {@code off} to ASCII bytes without padding. */
    public static byte[] encodeToAscii(byte[] data, int off, int len) {
        int full = len / 3;
        int rest = len - full * 3;
        byte[] out = new byte[full * 4 + (rest == 0 ? 0 : rest + 1)];
        int o = 0;
        int i = off;
        for (int k = 0; k < full; k++) {
            int v = (data[i++] & 0xff) << 16 | (data[i++] & 0xff) << 8 | (data[i++] & 0xff);
            out[o++] = (byte) ALPHABET[v >>> 18];
            out[o++] = (byte) ALPHABET[(v >>> 12) & 63];
            out[o++] = (byte) ALPHABET[(v >>> 6) & 63];
            out[o++] = (byte) ALPHABET[v & 63];
        }
        if (rest == 1) {
            int v = data[i] & 0xff;
            out[o++] = (byte) ALPHABET[v >>> 2];
            out[o] = (byte) ALPHABET[(v << 4) & 63];
        } else if (rest == 2) {
            int v = (data[i] & 0xff) << 8 | (data[i + 1] & 0xff);
            out[o++] = (byte) ALPHABET[v >>> 10];
            out[o++] = (byte) ALPHABET[(v >>> 4) & 63];
            out[o] = (byte) ALPHABET[(v << 2) & 63];
        }
        return out;
    }

    /**
     * Decodes strictly.
     *
     * @throws JoseException {@code MALFORMED} for anything but the one canonical unpadded encoding
     */
    public static byte[] decode(CharSequence text) throws JoseException {
        return decode(text, 0, text.length());
    }

    /** Decodes {@code text[from, to)} strictly; see {@link #decode(CharSequence)}. */
    public static byte[] decode(CharSequence text, int from, int to) throws JoseException {
        // Characters beyond Latin-1 become '?', which the alphabet check then refuses.
        byte[] ascii = text.subSequence(from, to).toString().getBytes(StandardCharsets.ISO_8859_1);
        return decode(ascii, 0, ascii.length);
    }

    /**
     * Decodes {@code ascii[off, off+len)} strictly; see {@link #decode(CharSequence)}. The JDK's
     * decoder does the work (it refuses characters outside the alphabet and impossible lengths);
     * this method adds what JOSE requires beyond it: no padding, and zero unused trailing bits.
     */
    public static byte[] decode(byte[] ascii, int off, int len) throws JoseException {
        int rest = len & 3;
        if (rest == 1) {
            throw new JoseException(
                    JoseException.Reason.MALFORMED, "Base64URL length " + len + " is not possible for any byte string");
        }
        if (len > 0 && ascii[off + len - 1] == '=') {
            throw new JoseException(JoseException.Reason.MALFORMED, "Base64URL must not be padded (RFC 7515 §2)");
        }
        if (rest != 0) {
            int last = ascii[off + len - 1];
            int v = last >= 0 ? DECODE[last] : -1;
            // One trailing byte leaves 4 unused bits in the last character, two leave 2.
            if (v >= 0 && (v & (rest == 2 ? 0xf : 0x3)) != 0) {
                throw nonCanonical(len - 1);
            }
        }
        try {
            ByteBuffer decoded = DECODER.decode(ByteBuffer.wrap(ascii, off, len));
            byte[] out = decoded.array();
            return out.length == decoded.remaining() ? out : Arrays.copyOf(out, decoded.remaining());
        } catch (IllegalArgumentException e) {
            throw new JoseException(
                    JoseException.Reason.MALFORMED, "Base64URL contains a character outside the" + " alphabet");
        }
    }

    private static JoseException nonCanonical(int offset) {
        return new JoseException(
                JoseException.Reason.MALFORMED,
                "non-canonical Base64URL: unused trailing bits are not zero at offset " + offset);
    }
}
