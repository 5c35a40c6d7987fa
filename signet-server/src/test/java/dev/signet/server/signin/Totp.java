package dev.signet.server.signin;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** RFC 6238 codes (SHA-1, 6 digits, 30 s) and RFC 4648 Base32, for the tests' second factor and browser. */
final class Totp {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Totp() {}

    static String newSecret() {
        byte[] b = new byte[20];
        new SecureRandom().nextBytes(b);
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte x : b) {
            buffer = buffer << 8 | (x & 0xFF);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt(buffer >> (bits - 5) & 31));
                bits -= 5;
            }
        }
        return out.toString();
    }

    static String code(String base32Secret, Instant at) {
        return code(base32Secret, at.getEpochSecond() / 30);
    }

    static String code(String base32Secret, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(decode(base32Secret), "HmacSHA1"));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int o = h[h.length - 1] & 0xF;
            int v = ((h[o] & 0x7F) << 24 | (h[o + 1] & 0xFF) << 16 | (h[o + 2] & 0xFF) << 8 | (h[o + 3] & 0xFF))
                    % 1_000_000;
            return String.format(Locale.ROOT, "%06d", v);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : s.toUpperCase(Locale.ROOT).toCharArray()) {
            int v = ALPHABET.indexOf(c);
            if (v < 0) {
                continue;
            }
            buffer = buffer << 5 | v;
            bits += 5;
            if (bits >= 8) {
                out.write(buffer >> (bits - 8) & 0xFF);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
