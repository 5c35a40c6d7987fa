package dev.signet.jose;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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

    static {
        Arrays.fill(DECODE, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            DECODE[ALPHABET[i]] = (byte) i;
        }
    }

    private Base64Url() {
    }

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
        int len = to - from;
        int rest = len & 3;
        if (rest == 1) {
            throw new JoseException(JoseException.Reason.MALFORMED,
                    "Base64URL length " + len + " is not possible for any byte string");
        }
        int full = len >>> 2;
        byte[] out = new byte[full * 3 + (rest == 0 ? 0 : rest - 1)];
        int o = 0;
        int i = from;
        for (int k = 0; k < full; k++) {
            int v = value(text, i) << 18 | value(text, i + 1) << 12 | value(text, i + 2) << 6 | value(text, i + 3);
            i += 4;
            out[o++] = (byte) (v >>> 16);
            out[o++] = (byte) (v >>> 8);
            out[o++] = (byte) v;
        }
        if (rest == 2) {
            int v = value(text, i) << 6 | value(text, i + 1);
            if ((v & 0xf) != 0) {
                throw nonCanonical(i + 1 - from);
            }
            out[o] = (byte) (v >>> 4);
        } else if (rest == 3) {
            int v = value(text, i) << 12 | value(text, i + 1) << 6 | value(text, i + 2);
            if ((v & 0x3) != 0) {
                throw nonCanonical(i + 2 - from);
            }
            out[o++] = (byte) (v >>> 10);
            out[o] = (byte) (v >>> 2);
        }
        return out;
    }

    private static int value(CharSequence text, int index) throws JoseException {
        char c = text.charAt(index);
        int v = c < 128 ? DECODE[c] : -1;
        if (v < 0) {
            throw new JoseException(JoseException.Reason.MALFORMED, "Base64URL contains a character outside the"
                    + " alphabet (code point " + (int) c + ") at offset " + index);
        }
        return v;
    }

    private static JoseException nonCanonical(int offset) {
        return new JoseException(JoseException.Reason.MALFORMED,
                "non-canonical Base64URL: unused trailing bits are not zero at offset " + offset);
    }
}
