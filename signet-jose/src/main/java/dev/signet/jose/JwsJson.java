package dev.signet.jose;

import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.internal.json.Json;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A JWS in JSON serialization (RFC 7515 §7.2): one payload and one or more signatures, each with
 * its own protected header and optional unprotected header, in the general form
 * ({@code {"payload", "signatures": [{"protected", "header", "signature"}, …]}}) or, with exactly
 * one signature, the flattened form ({@code {"payload", "protected", "header", "signature"}}).
 *
 * <p>Made by {@link #builder(byte[])}, verified by {@link JwsVerifier#verifyJson(String)}, or read
 * without verification by {@link #parseUnverified(String)} (inspection tools only: everything in
 * such a result is attacker-controlled).
 *
 * <p>Parsing is strict: exactly the members RFC 7515 §7.2 defines (any other member, at the top or
 * in a signature, is {@code MALFORMED}: an extension member would travel unsigned); a
 * {@code protected} member is a non-empty Base64URL JSON object and a {@code header} member a
 * non-empty object, and their member names are disjoint (§7.2.1); {@code alg} is present in their
 * union; {@code crit} and {@code b64} occur only in the protected header (RFC 7515 §4.1.11,
 * RFC 7797 §3), as does every name {@code crit} lists; all signatures agree on {@code b64}
 * (RFC 7797 §3); the text is at most the verifier's maximum token length and holds at most
 * {@value #DEFAULT_MAX_SIGNATURES} signatures by default.
 */
public final class JwsJson {

    /** Default maximum number of signatures in a general JWS JSON object. */
    public static final int DEFAULT_MAX_SIGNATURES = 16;

    /** The JSON levels above a header's own members: the document, {@code signatures}, one signature. */
    static final int ENVELOPE_DEPTH = 3;

    private static final Set<String> GENERAL_MEMBERS = Set.of("payload", "signatures");
    private static final Set<String> FLATTENED_MEMBERS = Set.of("payload", "protected", "header", "signature");
    private static final Set<String> SIGNATURE_MEMBERS = Set.of("protected", "header", "signature");
    private static final Set<String> JWE_MEMBERS =
            Set.of("ciphertext", "recipients", "encrypted_key", "iv", "tag", "aad", "unprotected");

    private static final JsonSerializationParts.Form FORM =
            new JsonSerializationParts.Form(JWE_MEMBERS, "JWE", "RFC 7515 §7.2");
    /** Members that must be integrity-protected, so never in a {@code header} (RFC 7515 §4.1.11, RFC 7797 §3). */
    private static final Set<String> PROTECTED_ONLY = Set.of("crit", "b64");

    private final String payloadMember;
    private final byte[] payload;
    private final byte[] payloadPart;
    private final boolean flattened;
    private final List<Signature> signatures;

    private JwsJson(
            String payloadMember, byte[] payload, byte[] payloadPart, boolean flattened, List<Signature> signatures) {
        this.payloadMember = payloadMember;
        this.payload = payload;
        this.payloadPart = payloadPart;
        this.flattened = flattened;
        this.signatures = signatures;
    }

    /**
     * Parses a JWS in JSON serialization, general or flattened, <em>without verifying it</em>: for
     * inspection tools only. Limits: {@link Jws#DEFAULT_MAX_LENGTH} characters,
     * {@value #DEFAULT_MAX_SIGNATURES} signatures, header nesting depth 16.
     *
     * @throws JoseException {@code MALFORMED} or {@code TOO_LARGE} as described on the class
     */
    public static JwsJson parseUnverified(String json) throws JoseException {
        return parse(json, null, Jws.DEFAULT_MAX_LENGTH, Json.DEFAULT_MAX_DEPTH, DEFAULT_MAX_SIGNATURES);
    }

    /**
     * Parses strictly; {@code detachedPayload} is the content of a JWS without a {@code payload}
     * member (RFC 7515 Appendix F) and must be null otherwise.
     */
    static JwsJson parse(String json, byte[] detachedPayload, int maxLength, int maxDepth, int maxSignatures)
            throws JoseException {
        if (json == null) {
            throw new JoseException(Reason.MALFORMED, "no JWS");
        }
        if (json.length() > maxLength) {
            throw new JoseException(
                    Reason.TOO_LARGE, "JWS JSON of " + json.length() + " characters exceeds the limit of " + maxLength);
        }
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        Map<String, Object> top = Json.parseObject(utf8, 0, utf8.length, maxDepth + ENVELOPE_DEPTH);
        boolean general = top.containsKey("signatures");
        FORM.onlyMembers(
                top,
                general ? GENERAL_MEMBERS : FLATTENED_MEMBERS,
                general ? "a general JWS JSON object" : "a flattened JWS JSON object");
        List<Map<String, Object>> entries = general
                ? FORM.entries(
                        top.get("signatures"), "signatures", maxSignatures, SIGNATURE_MEMBERS, "a signature object")
                : List.of(top);
        List<Signature> signatures = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            signatures.add(Signature.parse(entries.get(i), general ? "signature " + i + ": " : "", maxDepth));
        }
        boolean b64 = signatures.get(0).header.isBase64Payload();
        for (Signature s : signatures) {
            if (s.header.isBase64Payload() != b64) {
                throw new JoseException(Reason.MALFORMED, "the signatures disagree on \"b64\" (RFC 7797 §3)");
            }
        }
        Object member = top.get("payload");
        if (detachedPayload != null) {
            if (top.containsKey("payload")) {
                throw new JoseException(Reason.MALFORMED, "a detached-content JWS must have no \"payload\" member");
            }
            byte[] part =
                    b64 ? Base64Url.encodeToAscii(detachedPayload, 0, detachedPayload.length) : detachedPayload.clone();
            return new JwsJson(null, detachedPayload.clone(), part, !general, List.copyOf(signatures));
        }
        if (!(member instanceof String text)) {
            throw new JoseException(
                    Reason.MALFORMED,
                    member == null && !top.containsKey("payload")
                            ? "no \"payload\" member (detached content needs verifyJsonDetached)"
                            : "\"payload\" must be a string");
        }

        if (!b64 && !isUnicodeText(text)) {
            // getBytes would turn a lone surrogate into '?': two payloads with one signing input.
            throw new JoseException(Reason.MALFORMED, "the unencoded \"payload\" holds an unpaired surrogate");
        }
        byte[] part = text.getBytes(StandardCharsets.UTF_8);
        byte[] payload = b64 ? Base64Url.decode(part, 0, part.length) : part;
        return new JwsJson(text, payload, part, !general, List.copyOf(signatures));
    }

    private static boolean isUnicodeText(String text) {
        try {
            StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** A builder signing {@code payload} with one or more signers. */
    public static Builder builder(byte[] payload) {
        return new Builder(payload);
    }

    /** True when read from (or meant for) the flattened form. */
    public boolean isFlattened() {
        return flattened;
    }

    /** True when the payload travelled separately (RFC 7515 Appendix F). */
    public boolean isDetached() {
        return payloadMember == null;
    }

    /** The payload bytes (a copy). */
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload as UTF-8 text. */
    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /**
     * The signatures in document order. After {@link JwsVerifier#verifyJson}, each is either
     * {@linkplain Signature#isVerified() verified} or carries its {@linkplain Signature#failure() failure}.
     */
    public List<Signature> signatures() {
        return signatures;
    }

    /** The signatures that verified, in document order; empty when parsed without verification. */
    public List<Signature> verifiedSignatures() {
        List<Signature> out = new ArrayList<>(signatures.size());
        for (Signature s : signatures) {
            if (s.isVerified()) {
                out.add(s);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** The general JSON serialization (RFC 7515 §7.2.1), payload included unless detached. */
    public String toGeneralJson() {
        Map<String, Object> top = new LinkedHashMap<>();
        if (payloadMember != null) {
            top.put("payload", payloadMember);
        }
        List<Object> list = new ArrayList<>(signatures.size());
        for (Signature s : signatures) {
            list.add(s.members(new LinkedHashMap<>()));
        }
        top.put("signatures", list);
        return Json.writeString(top);
    }

    /**
     * The flattened JSON serialization (RFC 7515 §7.2.2), payload included unless detached.
     *
     * @throws IllegalStateException unless there is exactly one signature
     */
    public String toFlattenedJson() {
        if (signatures.size() != 1) {
            throw new IllegalStateException(
                    "the flattened serialization holds exactly one signature, not " + signatures.size());
        }
        Map<String, Object> top = new LinkedHashMap<>();
        if (payloadMember != null) {
            top.put("payload", payloadMember);
        }
        return Json.writeString(signatures.get(0).members(top));
    }

    byte[] signingInput(Signature s) {
        byte[] head = s.protectedPart == null ? new byte[0] : s.protectedPart.getBytes(StandardCharsets.US_ASCII);
        byte[] input = new byte[head.length + 1 + payloadPart.length];
        System.arraycopy(head, 0, input, 0, head.length);
        input[head.length] = '.';
        System.arraycopy(payloadPart, 0, input, head.length + 1, payloadPart.length);
        return input;
    }

    JwsJson withResults(List<Signature> results) {
        return new JwsJson(payloadMember, payload, payloadPart, flattened, List.copyOf(results));
    }

    @Override
    public String toString() {
        return "JwsJson[" + (flattened ? "flattened" : "general") + ", " + signatures.size() + " signature"
                + (signatures.size() == 1 ? "" : "s") + "]";
    }

    /**
     * One signature of a JWS JSON object: its protected and unprotected header members, their
     * union as a {@link JwsHeader}, the signature bytes and, once verified, the outcome.
     */
    public static final class Signature {
        private final String protectedPart;
        private final Map<String, Object> protectedMembers;
        private final Map<String, Object> unprotectedMembers;
        private final JwsHeader header;
        private final byte[] signature;
        private final Jwk key;
        private final JoseException failure;

        private Signature(
                String protectedPart,
                Map<String, Object> protectedMembers,
                Map<String, Object> unprotectedMembers,
                JwsHeader header,
                byte[] signature,
                Jwk key,
                JoseException failure) {
            this.protectedPart = protectedPart;
            this.protectedMembers = protectedMembers;
            this.unprotectedMembers = unprotectedMembers;
            this.header = header;
            this.signature = signature;
            this.key = key;
            this.failure = failure;
        }

        /**
         * The header of a signature about to be made, checked as a parsed one's would be.
         *
         * @throws IllegalArgumentException if a verifier would refuse it
         */
        static JwsHeader producedHeader(Map<String, Object> protectedMembers, Map<String, Object> unprotectedMembers) {
            try {
                return union(protectedMembers, unprotectedMembers, "");
            } catch (JoseException e) {
                throw new IllegalArgumentException(e.detail());
            }
        }

        static Signature produced(
                String protectedPart,
                Map<String, Object> protectedMembers,
                Map<String, Object> unprotectedMembers,
                JwsHeader header,
                byte[] signature) {
            return new Signature(protectedPart, protectedMembers, unprotectedMembers, header, signature, null, null);
        }

        static Signature parse(Map<String, Object> entry, String where, int maxDepth) throws JoseException {
            Object sig = entry.get("signature");
            if (!(sig instanceof String signaturePart)) {
                throw new JoseException(
                        Reason.MALFORMED,
                        where
                                + (entry.containsKey("signature")
                                        ? "\"signature\" must be a string"
                                        : "no \"signature\" member"));
            }
            String protectedPart = null;
            Map<String, Object> protectedMembers = Map.of();
            if (entry.containsKey("protected")) {
                Object p = entry.get("protected");
                if (!(p instanceof String encoded) || encoded.isEmpty()) {
                    // §7.2.1: present only when the protected header is non-empty.
                    throw new JoseException(Reason.MALFORMED, where + "\"protected\" must be a non-empty string");
                }
                protectedPart = encoded;
                byte[] headerJson = Base64Url.decode(protectedPart);
                protectedMembers = Json.parseObject(headerJson, 0, headerJson.length, maxDepth);
            }
            Map<String, Object> unprotectedMembers = Map.of();
            if (entry.containsKey("header")) {
                Object h = entry.get("header");
                if (!(h instanceof Map) || ((Map<?, ?>) h).isEmpty()) {
                    throw new JoseException(Reason.MALFORMED, where + "\"header\" must be a non-empty object");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) h;
                if (depth(m) > maxDepth) {
                    // The same nesting limit as a protected header, whichever level the member sits at.
                    throw new JoseException(Reason.TOO_LARGE, where + "\"header\" is nested deeper than " + maxDepth);
                }
                unprotectedMembers = m;
            }
            byte[] signature = Base64Url.decode(signaturePart);
            return new Signature(
                    protectedPart,
                    protectedMembers,
                    unprotectedMembers,
                    union(protectedMembers, unprotectedMembers, where),
                    signature,
                    null,
                    null);
        }

        /** Nesting depth of a parsed JSON value: 1 for an object or array of scalars, 0 for a scalar. */
        static int depth(Object value) {
            int inner = 0;
            if (value instanceof Map) {
                for (Object v : ((Map<?, ?>) value).values()) {
                    inner = Math.max(inner, depth(v));
                }
            } else if (value instanceof List) {
                for (Object v : (List<?>) value) {
                    inner = Math.max(inner, depth(v));
                }
            } else {
                return 0;
            }
            return inner + 1;
        }

        /** The JOSE header of this signature (RFC 7515 §7.2.1): the disjoint union, checked. */
        private static JwsHeader union(
                Map<String, Object> protectedMembers, Map<String, Object> unprotectedMembers, String where)
                throws JoseException {
            Map<String, Object> all = new LinkedHashMap<>(protectedMembers);
            for (Map.Entry<String, Object> e : unprotectedMembers.entrySet()) {
                String name = e.getKey();
                if (protectedMembers.containsKey(name)) {
                    throw new JoseException(
                            Reason.MALFORMED,
                            where + "\"" + UntrustedText.printable(name)
                                    + "\" is in both the protected and the unprotected header (RFC 7515 §7.2.1)");
                }
                if (PROTECTED_ONLY.contains(name)) {
                    throw new JoseException(
                            Reason.MALFORMED,
                            where + "\"" + name + "\" must be in the protected header"
                                    + ("crit".equals(name) ? " (RFC 7515 §4.1.11)" : " (RFC 7797 §3)"));
                }
                all.put(name, e.getValue());
            }
            JwsHeader header;
            try {
                header = JwsHeader.fromMembers(Collections.unmodifiableMap(all));
            } catch (JoseException e) {
                throw where.isEmpty() ? e : new JoseException(e.reason(), where + e.detail());
            }
            for (String name : header.critical()) {
                if (!protectedMembers.containsKey(name)) {
                    throw new JoseException(
                            Reason.MALFORMED,
                            where + "\"crit\" lists \"" + UntrustedText.printable(name)
                                    + "\", which must then be in the protected header");
                }
            }
            return header;
        }

        private Map<String, Object> members(Map<String, Object> into) {
            if (protectedPart != null) {
                into.put("protected", protectedPart);
            }
            if (!unprotectedMembers.isEmpty()) {
                into.put("header", unprotectedMembers);
            }
            into.put("signature", Base64Url.encode(signature));
            return into;
        }

        Signature verifiedWith(Jwk k) {
            return new Signature(protectedPart, protectedMembers, unprotectedMembers, header, signature, k, null);
        }

        Signature failedWith(JoseException e) {
            return new Signature(protectedPart, protectedMembers, unprotectedMembers, header, signature, null, e);
        }

        byte[] signatureBytes() {
            return signature;
        }

        /**
         * The JOSE header: the union of the protected and unprotected members. Only
         * {@link #isProtected protected} members are integrity-protected.
         */
        public JwsHeader header() {
            return header;
        }

        /** The protected header's members; empty when the signature protects no header. */
        public Map<String, Object> protectedMembers() {
            return protectedMembers;
        }

        /** The unprotected header's members ({@code header}); empty when absent. Not integrity-protected. */
        public Map<String, Object> unprotectedMembers() {
            return unprotectedMembers;
        }

        /** Whether {@code name} is a member of the protected header. */
        public boolean isProtected(String name) {
            return protectedMembers.containsKey(name);
        }

        /** The signature bytes (a copy). */
        public byte[] signature() {
            return signature.clone();
        }

        /** True when a verifier verified this signature. */
        public boolean isVerified() {
            return key != null;
        }

        /** The key that verified this signature, or null. */
        public Jwk verifiedKey() {
            return key;
        }

        /** Why a verifier did not verify this signature, or null (verified, or never verified). */
        public JoseException failure() {
            return failure;
        }

        @Override
        public String toString() {
            return "JwsJson.Signature[protected " + protectedMembers.keySet() + ", unprotected "
                    + unprotectedMembers.keySet()
                    + (key != null ? ", verified" : failure != null ? ", " + failure.reason() : "") + "]";
        }
    }

    /**
     * Signs one payload with one or more signers into a JWS JSON object. Each signer adds a
     * signature with its own protected header ({@code alg}, and {@code kid} from the key unless the
     * unprotected header carries one) and optional unprotected header.
     *
     * <pre>{@code
     * JwsJson jws = JwsJson.builder(payload)
     *         .sign(rsaSigner)
     *         .sign(ecSigner, JwsHeader.builder().type("example+jws"), Map.of("kid", "ec-1"))
     *         .build();
     * String general = jws.toGeneralJson();
     * }</pre>
     *
     * <p>An RFC 7797 unencoded payload ({@link JwsHeader.Builder#unencodedPayload()}) must be set
     * on every signature or none, and must be UTF-8 text, since the JSON {@code payload} member
     * then holds it as a string.
     */
    public static final class Builder {
        private final byte[] payload;
        private final List<Signature> signatures = new ArrayList<>();

        private Builder(byte[] payload) {
            this.payload = Objects.requireNonNull(payload, "payload").clone();
        }

        /** Adds a signature with the protected header {@code {"alg", "kid"}} (kid when the key has one). */
        public Builder sign(JwsSigner signer) throws JoseException {
            return sign(signer, JwsHeader.builder(), Map.of());
        }

        /** Adds a signature with this protected header (the signer adds {@code alg} and the key's {@code kid}). */
        public Builder sign(JwsSigner signer, JwsHeader.Builder protectedHeader) throws JoseException {
            return sign(signer, protectedHeader, Map.of());
        }

        /**
         * Adds a signature with this protected header and the unprotected header {@code unprotected}
         * (the signature's {@code header} member; may be empty).
         *
         * @throws IllegalArgumentException if {@code unprotected} holds {@code alg}, {@code crit} or
         *     {@code b64} (they must be integrity-protected), shares a name with the protected
         *     header, holds a value that is not JSON, or if {@code b64} differs from the other signatures'
         */
        public Builder sign(JwsSigner signer, JwsHeader.Builder protectedHeader, Map<String, ?> unprotected)
                throws JoseException {
            Objects.requireNonNull(signer, "signer");
            Objects.requireNonNull(protectedHeader, "protectedHeader");
            @SuppressWarnings("unchecked")
            Map<String, Object> members =
                    (Map<String, Object>) Json.copyValue(Objects.requireNonNull(unprotected, "unprotected"));
            for (String name : members.keySet()) {
                if ("alg".equals(name) || PROTECTED_ONLY.contains(name)) {
                    throw new IllegalArgumentException("\"" + name + "\" must be in the protected header");
                }
            }
            Signature s = signer.signJsonSignature(protectedHeader, !members.containsKey("kid"), payload, members);
            boolean b64 = s.header.isBase64Payload();
            if (!signatures.isEmpty() && signatures.get(0).header.isBase64Payload() != b64) {
                throw new IllegalArgumentException("every signature must agree on \"b64\" (RFC 7797 §3)");
            }
            if (!b64) {
                requireUtf8(payload);
            }
            signatures.add(s);
            return this;
        }

        private static void requireUtf8(byte[] payload) {
            try {
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(payload));
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("an unencoded (b64:false) JSON payload must be UTF-8 text");
            }
        }

        /**
         * The signed object; serialize it with {@link JwsJson#toGeneralJson()} or, with exactly one
         * signature, {@link JwsJson#toFlattenedJson()}.
         *
         * @throws IllegalStateException if no signature was added
         */
        public JwsJson build() {
            if (signatures.isEmpty()) {
                throw new IllegalStateException("a JWS needs at least one signature");
            }
            boolean b64 = signatures.get(0).header.isBase64Payload();
            byte[] part = b64 ? Base64Url.encodeToAscii(payload, 0, payload.length) : payload.clone();
            String member = new String(part, b64 ? StandardCharsets.US_ASCII : StandardCharsets.UTF_8);
            return new JwsJson(member, payload.clone(), part, signatures.size() == 1, List.copyOf(signatures));
        }
    }
}
