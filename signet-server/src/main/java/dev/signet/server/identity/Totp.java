package dev.signet.server.identity;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** TOTP (RFC 6238) over HOTP (RFC 4226 §5.3) with HMAC-SHA-1 and 30-second steps from the Unix epoch. */
final class Totp {

    static final int STEP_SECONDS = 30;
    static final int DIGITS = 6;

    private Totp() {}

    /** The time step an instant falls in (RFC 6238 §4.2: T = floor(unix time / 30)). */
    static long step(long epochSecond) {
        return Math.floorDiv(epochSecond, STEP_SECONDS);
    }

    /** The code of {@code step}, {@code digits} long with leading zeros. */
    static String code(byte[] key, long step, int digits) {
        byte[] mac;
        try {
            Mac hmac = Mac.getInstance("HmacSHA1");
            hmac.init(new SecretKeySpec(key, "HmacSHA1"));
            mac = hmac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is required of every Java runtime", e);
        }
        int offset = mac[mac.length - 1] & 0x0f;
        int binary = ((mac[offset] & 0x7f) << 24)
                | ((mac[offset + 1] & 0xff) << 16)
                | ((mac[offset + 2] & 0xff) << 8)
                | (mac[offset + 3] & 0xff);
        int mod = 1;
        for (int i = 0; i < digits; i++) {
            mod *= 10;
        }
        String s = Integer.toString(binary % mod);
        return "0".repeat(digits - s.length()) + s;
    }
}
