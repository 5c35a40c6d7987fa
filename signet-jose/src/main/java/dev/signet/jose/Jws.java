package dev.signet.jose;

import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.internal.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
        return parse(compact, detachedPayload, maxLength, maxDepth, null);
    }

    static Jws parse(String compact, byte[] detachedPayload, int maxLength, int maxDepth, HeaderCache headers)
            throws JoseException {
        if (compact == null) {
            throw new JoseException(Reason.MALFORMED, "no token");
        }
        if (compact.length() > maxLength) {
            throw new JoseException(
                    Reason.TOO_LARGE, "token of " + compact.length() + " characters exceeds the limit of " + maxLength);
        }
        // One UTF-8 copy serves as MAC input and decoder input; '.' never occurs inside a multi-byte sequence.
        byte[] bytes = compact.getBytes(StandardCharsets.UTF_8);
        int d1 = indexOfDot(bytes, 0);
        int d2 = d1 < 0 ? -1 : indexOfDot(bytes, d1 + 1);
        if (d1 < 0 || d2 < 0 || indexOfDot(bytes, d2 + 1) >= 0) {
            int parts = 1;
            for (byte b : bytes) {
                parts += b == '.' ? 1 : 0;
            }
            throw new JoseException(
                    Reason.MALFORMED,
                    "a compact JWS has 3 parts, found " + parts + (parts == 5 ? " (this is a JWE)" : ""));
        }
        if (d1 == 0) {
            throw new JoseException(Reason.MALFORMED, "empty JWS header");
        }
        JwsHeader header = headers == null ? null : headers.get(bytes, d1);
        if (header == null) {
            byte[] headerJson = Base64Url.decode(bytes, 0, d1);
            header = JwsHeader.fromMembers(Json.parseObject(headerJson, 0, headerJson.length, maxDepth));
            if (headers != null) {
                headers.put(bytes, d1, header);
            }
        }
        byte[] signature = Base64Url.decode(bytes, d2 + 1, bytes.length - d2 - 1);
        if (detachedPayload != null) {
            if (d2 != d1 + 1) {
                throw new JoseException(Reason.MALFORMED, "a detached-content JWS must have an empty payload part");
            }
            byte[] payloadPart = header.isBase64Payload()
                    ? Base64Url.encode(detachedPayload).getBytes(StandardCharsets.US_ASCII)
                    : detachedPayload;
            byte[] encoded = concat(Arrays.copyOf(bytes, d1 + 1), payloadPart);
            return new Jws(header, detachedPayload.clone(), encoded, encoded.length, signature, null);
        }
        byte[] payload = header.isBase64Payload()
                ? Base64Url.decode(bytes, d1 + 1, d2 - d1 - 1)
                : Arrays.copyOfRange(bytes, d1 + 1, d2);
        return new Jws(header, payload, bytes, d2, signature, null);
    }

    private static int indexOfDot(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '.') {
                return i;
            }
        }
        return -1;
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
