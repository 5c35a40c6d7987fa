package dev.signet.jose;

import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.internal.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.Provider;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Signs payloads as compact JWS (RFC 7515 §7.1) with one private key and one algorithm.
 * Built once, thread-safe. The key must fit the algorithm exactly as a verifier would require
 * (type, curve, size, the JWK's use/key_ops/alg); {@code none} does not exist here.
 *
 * <pre>{@code
 * JwsSigner signer = JwsSigner.builder(privateJwk).build();      // alg from the JWK
 * String jws = signer.sign("hello".getBytes(UTF_8));
 * }</pre>
 */
public final class JwsSigner {

    private final Jwk key;
    private final Key jcaKey;
    private final JwsAlgorithm algorithm;
    private final Provider provider;
    private volatile EncodedHeader lastHeader;

    private JwsSigner(Builder b) throws JoseException {
        this.key = b.key;
        this.algorithm = b.algorithm != null ? b.algorithm : defaultAlgorithm(b.key);
        if (!algorithm.isAvailable() && b.provider == null) {
            throw new JoseException(Reason.UNSUPPORTED, algorithm.identifier() + " is not supported by this runtime");
        }
        String why = KeyFit.mismatch(key, algorithm, Jwk.SIGN);
        if (why != null) {
            throw new JoseException(Reason.ALG_NOT_ALLOWED, why);
        }
        KeyFit.checkStrength(key, algorithm);
        this.jcaKey = KeyFit.signingKey(key);
        if (jcaKey == null) {
            throw new JoseException(Reason.KEY_REJECTED, "signing needs a private key; this JWK is public");
        }
        this.provider = b.provider;
    }

    /** The algorithm a key implies: its {@code alg}, else the customary one for its type and curve. */
    static JwsAlgorithm defaultAlgorithm(Jwk key) throws JoseException {
        if (key.algorithm() != null) {
            JwsAlgorithm a = JwsAlgorithm.fromIdentifier(key.algorithm());
            if (a == null) {
                throw new JoseException(
                        Reason.UNSUPPORTED,
                        "the key's alg \"" + UntrustedText.printable(key.algorithm()) + "\" is not a JWS algorithm");
            }
            return a;
        }
        switch (key.keyType()) {
            case OCT -> {
                return key.sizeBits() >= 512
                        ? JwsAlgorithm.HS512
                        : key.sizeBits() >= 384 ? JwsAlgorithm.HS384 : JwsAlgorithm.HS256;
            }
            case RSA -> {
                return JwsAlgorithm.RS256;
            }
            case EC -> {
                switch (key.curve()) {
                    case P_384:
                        return JwsAlgorithm.ES384;
                    case P_521:
                        return JwsAlgorithm.ES512;
                    case SECP256K1:
                        return JwsAlgorithm.ES256K;
                    default:
                        return JwsAlgorithm.ES256;
                }
            }
            case OKP -> {
                if (key.curve() == Curve.ED25519 || key.curve() == Curve.ED448) {
                    return JwsAlgorithm.EDDSA;
                }
                throw new JoseException(Reason.ALG_NOT_ALLOWED, key.curve().identifier() + " keys cannot sign");
            }
            default -> throw new JoseException(Reason.MALFORMED, "AKP key without alg");
        }
    }

    /** A builder for a signer with {@code key} (a private JWK, or an {@code oct} secret). */
    public static Builder builder(Jwk key) {
        return new Builder(key);
    }

    /** The algorithm this signer uses. */
    public JwsAlgorithm algorithm() {
        return algorithm;
    }

    /** The signing key. */
    public Jwk key() {
        return key;
    }

    /** Signs {@code payload} with the header {@code {"alg", "kid"}} (kid when the key has one). */
    public String sign(byte[] payload) throws JoseException {
        return sign(JwsHeader.builder(), payload);
    }

    /** Signs {@code payload}; the signer adds {@code alg} and, unless given, the key's {@code kid}. */
    public String sign(JwsHeader.Builder header, byte[] payload) throws JoseException {
        return sign(header, payload, false);
    }

    /** Signs {@code payload} and leaves it out of the result (RFC 7515 Appendix F, detached content). */
    public String signDetached(JwsHeader.Builder header, byte[] payload) throws JoseException {
        return sign(header, payload, true);
    }

    private String sign(JwsHeader.Builder header, byte[] payload, boolean detached) throws JoseException {
        Objects.requireNonNull(payload, "payload");
        EncodedHeader h = encodedHeader(header.build(algorithm, key.keyId()));
        byte[] payloadPart;
        if (h.header.isBase64Payload()) {
            payloadPart = Base64Url.encodeToAscii(payload, 0, payload.length);
        } else {
            if (!detached && indexOf(payload, (byte) '.') >= 0) {
                // RFC 7797 §5.2: an unencoded compact payload cannot contain '.'.
                throw new IllegalArgumentException("an unencoded (b64:false) compact payload cannot contain '.'");
            }
            payloadPart = payload;
        }
        byte[] head = h.ascii;
        int inputLength = head.length + 1 + payloadPart.length;
        byte[] out = new byte[inputLength];
        System.arraycopy(head, 0, out, 0, head.length);
        out[head.length] = '.';
        System.arraycopy(payloadPart, 0, out, head.length + 1, payloadPart.length);
        byte[] sig = signature(out, inputLength);
        byte[] sigPart = Base64Url.encodeToAscii(sig, 0, sig.length);
        if (detached) {
            return new String(head, StandardCharsets.US_ASCII) + ".." + new String(sigPart, StandardCharsets.US_ASCII);
        }
        byte[] compact = Arrays.copyOf(out, inputLength + 1 + sigPart.length);
        compact[inputLength] = '.';
        System.arraycopy(sigPart, 0, compact, inputLength + 1, sigPart.length);
        return new String(compact, StandardCharsets.UTF_8);
    }

    /**
     * Signs one signature of a JWS in JSON serialization (RFC 7515 §7.2): the protected header is
     * built from {@code header} ({@code alg} added, and the key's {@code kid} unless
     * {@code addKeyId} is false), the signing input is {@code ASCII(BASE64URL(protected)) '.' payload
     * part} (RFC 7515 §5.1; RFC 7797 §3 when {@code b64} is false).
     */
    JwsJson.Signature signJsonSignature(
            JwsHeader.Builder header, boolean addKeyId, byte[] payload, Map<String, Object> unprotected)
            throws JoseException {
        EncodedHeader h = encodedHeader(header.build(algorithm, addKeyId ? key.keyId() : null));
        JwsHeader union = JwsJson.Signature.producedHeader(h.members, unprotected);
        byte[] payloadPart = h.header.isBase64Payload() ? Base64Url.encodeToAscii(payload, 0, payload.length) : payload;
        byte[] input = new byte[h.ascii.length + 1 + payloadPart.length];
        System.arraycopy(h.ascii, 0, input, 0, h.ascii.length);
        input[h.ascii.length] = '.';
        System.arraycopy(payloadPart, 0, input, h.ascii.length + 1, payloadPart.length);
        return JwsJson.Signature.produced(
                new String(h.ascii, StandardCharsets.US_ASCII),
                h.members,
                unprotected,
                union,
                signature(input, input.length));
    }

    private byte[] signature(byte[] input, int inputLength) throws JoseException {
        try {
            JwsAlgorithm run = algorithm.resolvedFor(key.curve());
            return run.family().sign(run, jcaKey, input, 0, inputLength, provider);
        } catch (GeneralSecurityException e) {
            throw new JoseException(
                    Reason.UNSUPPORTED,
                    algorithm.identifier() + " signing failed in the JCA provider: "
                            + e.getClass().getSimpleName());
        }
    }

    /** A header and its Base64URL form; the last one is kept, since a signer repeats one header. */
    private static final class EncodedHeader {
        final Map<String, Object> members;
        final JwsHeader header;
        final byte[] ascii;

        EncodedHeader(Map<String, Object> members, JwsHeader header, byte[] ascii) {
            this.members = members;
            this.header = header;
            this.ascii = ascii;
        }
    }

    private EncodedHeader encodedHeader(Map<String, Object> members) throws JoseException {
        EncodedHeader last = lastHeader;
        if (last != null && last.members.equals(members)) {
            return last;
        }
        JwsHeader h = JwsHeader.fromMembers(members);
        byte[] json = Json.write(members);
        EncodedHeader e = new EncodedHeader(members, h, Base64Url.encodeToAscii(json, 0, json.length));
        lastHeader = e;
        return e;
    }

    private static int indexOf(byte[] b, byte v) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    /** Builder of {@link JwsSigner}. */
    public static final class Builder {
        private final Jwk key;
        private JwsAlgorithm algorithm;
        private Provider provider;

        private Builder(Jwk key) {
            this.key = Objects.requireNonNull(key, "key");
        }

        /** The algorithm; default: the key's {@code alg}, else the customary one for the key. */
        public Builder algorithm(JwsAlgorithm alg) {
            this.algorithm = Objects.requireNonNull(alg, "algorithm");
            return this;
        }

        /** Pins the JCA provider; default: the JCA's usual selection. */
        public Builder provider(Provider provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /**
         * The signer with these settings.
         *
         * @throws JoseException {@code ALG_NOT_ALLOWED} if the key does not fit the algorithm,
         *     {@code KEY_REJECTED} if it is too weak or public, {@code UNSUPPORTED} if the runtime lacks it
         */
        public JwsSigner build() throws JoseException {
            return new JwsSigner(this);
        }
    }
}
