package dev.signet.jose;

import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.internal.Json;
import java.nio.charset.StandardCharsets;

/**
 * A JWS in compact serialization (RFC 7515 §7.1), split and strictly decoded.
 *
 * <p>A {@code Jws} from {@link JwsVerifier#verify} carries the key that verified it; one from
 * {@link #parseUnverified} carries none and must not be trusted.
 */
public final class Jws {

    /** Default maximum token length: 16 KiB. */
    public static final int DEFAULT_MAX_LENGTH = 16 * 1024;

    private final JwsHeader header;
    private final byte[] payload;
    private final byte[] encoded;
    private final int signingInputLength;
    private final byte[] signature;
    private final Jwk key;

    private Jws(JwsHeader header, byte[] payload, byte[] encoded, int signingInputLength, byte[] signature, Jwk key) {
        this.header = header;
        this.payload = payload;
        this.encoded = encoded;
        this.signingInputLength = signingInputLength;
        this.signature = signature;
        this.key = key;
    }

    /**
     * Splits and decodes a compact JWS <em>without verifying it</em>: for inspection tools only.
     * Everything in the result is attacker-controlled.
     */
    public static Jws parseUnverified(String compact) throws JoseException {
        return parse(compact, null, DEFAULT_MAX_LENGTH, Json.DEFAULT_MAX_DEPTH);
    }

    /**
     * Parses a compact JWS; {@code detachedPayload} replaces an empty payload part (RFC 7515
     * Appendix F) and must be null otherwise.
     */
    static Jws parse(String compact, byte[] detachedPayload, int maxLength, int maxDepth) throws JoseException {
        if (compact == null) {
            throw new JoseException(Reason.MALFORMED, "no token");
        }
        if (compact.length() > maxLength) {
            throw new JoseException(Reason.TOO_LARGE, "token of " + compact.length() + " characters exceeds the limit of "
                    + maxLength);
        }
        int d1 = compact.indexOf('.');
        int d2 = d1 < 0 ? -1 : compact.indexOf('.', d1 + 1);
        if (d1 < 0 || d2 < 0 || compact.indexOf('.', d2 + 1) >= 0) {
            int parts = 1;
            for (int i = 0; i < compact.length(); i++) {
                parts += compact.charAt(i) == '.' ? 1 : 0;
            }
            throw new JoseException(Reason.MALFORMED, "a compact JWS has 3 parts, found " + parts
                    + (parts == 5 ? " (this is a JWE)" : ""));
        }
        if (d1 == 0) {
            throw new JoseException(Reason.MALFORMED, "empty JWS header");
        }
        byte[] headerJson = Base64Url.decode(compact, 0, d1);
        JwsHeader header = JwsHeader.fromMembers(Json.parseObject(headerJson, 0, headerJson.length, maxDepth));
        byte[] signature = Base64Url.decode(compact, d2 + 1, compact.length());
        byte[] payload;
        byte[] encoded;
        int signingInputLength;
        if (detachedPayload != null) {
            if (d2 != d1 + 1) {
                throw new JoseException(Reason.MALFORMED, "a detached-content JWS must have an empty payload part");
            }
            byte[] prefix = compact.substring(0, d1 + 1).getBytes(StandardCharsets.US_ASCII);
            byte[] payloadPart = header.isBase64Payload()
                    ? Base64Url.encode(detachedPayload).getBytes(StandardCharsets.US_ASCII) : detachedPayload;
            encoded = concat(prefix, payloadPart);
            signingInputLength = encoded.length;
            payload = detachedPayload.clone();
        } else {
            encoded = compact.getBytes(StandardCharsets.UTF_8);
            signingInputLength = encoded.length - (compact.length() - d2);
            payload = header.isBase64Payload() ? Base64Url.decode(compact, d1 + 1, d2)
                    : compact.substring(d1 + 1, d2).getBytes(StandardCharsets.UTF_8);
        }
        return new Jws(header, payload, encoded, signingInputLength, signature, null);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    Jws verifiedWith(Jwk k) {
        return new Jws(header, payload, encoded, signingInputLength, signature, k);
    }

    byte[] encoded() {
        return encoded;
    }

    int signingInputLength() {
        return signingInputLength;
    }

    byte[] signatureBytes() {
        return signature;
    }

    /** The protected header. */
    public JwsHeader header() {
        return header;
    }

    /** The payload bytes (a copy). */
    public byte[] payload() {
        return payload.clone();
    }

    byte[] payloadUnsafe() {
        return payload;
    }

    /** The payload as UTF-8 text. */
    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** The key that verified this JWS, or null when it was parsed without verification. */
    public Jwk verifiedKey() {
        return key;
    }

    /** The signature bytes (a copy). */
    public byte[] signature() {
        return signature.clone();
    }
}
