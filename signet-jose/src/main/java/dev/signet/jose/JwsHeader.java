package dev.signet.jose;

import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.internal.json.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The protected header of a JWS (RFC 7515 §4), strictly typed when parsed: {@code alg} is a
 * required string, {@code kid}/{@code typ}/{@code cty}/{@code jku}/{@code x5u} are strings,
 * {@code crit} is a non-empty array of distinct names that are present and not registered
 * (§4.1.11), {@code b64} is a boolean listed in {@code crit} (RFC 7797 §6).
 *
 * <p>A parsed header is untrusted until the signature has been verified.
 */
public final class JwsHeader {

    private final Map<String, Object> members;
    private final String algorithm;
    private final String keyId;
    private final String type;
    private final String contentType;
    private final List<String> critical;
    private final boolean base64Payload;

    private JwsHeader(Map<String, Object> members) throws JoseException {
        this.members = members;
        Object alg = members.get("alg");
        if (!(alg instanceof String string)) {
            throw new JoseException(
                    Reason.MALFORMED, alg == null ? "header has no \"alg\"" : "header \"alg\" must be a string");
        }
        this.algorithm = string;
        this.keyId = string("kid");
        this.type = string("typ");
        this.contentType = string("cty");
        string("jku");
        string("x5u");
        string("x5t");
        string("x5t#S256");
        HeaderMembers.object(members, "jwk");
        HeaderMembers.array(members, "x5c");
        this.critical = HeaderMembers.critical(members);
        Object b64 = members.get("b64");
        if (members.containsKey("b64")) {
            if (!(b64 instanceof Boolean)) {
                throw new JoseException(Reason.MALFORMED, "header \"b64\" must be a boolean");
            }
            if (!critical.contains("b64")) {
                throw new JoseException(Reason.MALFORMED, "header \"b64\" must be listed in \"crit\" (RFC 7797 §6)");
            }
        }
        this.base64Payload = !Boolean.FALSE.equals(b64);
    }

    private String string(String name) throws JoseException {
        return HeaderMembers.string(members, name);
    }

    /** Builds a header from parsed JSON members. */
    static JwsHeader fromMembers(Map<String, Object> members) throws JoseException {
        return new JwsHeader(members);
    }

    /** Parses a header from JSON (for tests and tools; verification parses the token itself). */
    public static JwsHeader parse(String json) throws JoseException {
        return new JwsHeader(Json.parseObject(json));
    }

    /** The raw {@code alg} value. */
    public String algorithm() {
        return algorithm;
    }

    /** {@code kid}, or null. */
    public String keyId() {
        return keyId;
    }

    /** {@code typ}, or null. */
    public String type() {
        return type;
    }

    /** {@code cty}, or null. */
    public String contentType() {
        return contentType;
    }

    /** {@code crit}, empty when absent. */
    public List<String> critical() {
        return critical;
    }

    /** False when {@code b64} is false (RFC 7797 unencoded payload). */
    public boolean isBase64Payload() {
        return base64Payload;
    }

    /** Whether the header has a member of this name. */
    public boolean has(String name) {
        return members.containsKey(name);
    }

    /** A member's value (String, Long, BigInteger, Double, Boolean, List, Map or null). */
    public Object get(String name) {
        return members.get(name);
    }

    /** All members as parsed. */
    public Map<String, Object> members() {
        return members;
    }

    /** The header as compact JSON. */
    public String toJson() {
        return Json.writeString(members);
    }

    @Override
    public String toString() {
        return "JwsHeader" + members.keySet();
    }

    /** A builder for the header of a token to sign; the signer adds {@code alg} and, if absent, {@code kid}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of signing headers. */
    public static final class Builder {
        private final Map<String, Object> members = new LinkedHashMap<>();
        private final List<String> crit = new ArrayList<>();

        private Builder() {}

        public Builder keyId(String kid) {
            return member("kid", kid);
        }

        public Builder type(String typ) {
            return member("typ", typ);
        }

        public Builder contentType(String cty) {
            return member("cty", cty);
        }

        /** RFC 7797: the payload is not Base64URL-encoded ({@code "b64": false}, listed in {@code crit}). */
        public Builder unencodedPayload() {
            members.put("b64", false);
            if (!crit.contains("b64")) {
                crit.add("b64");
            }
            return this;
        }

        /** Any other member; {@code alg} is set by the signer. */
        public Builder member(String name, Object value) {
            if ("alg".equals(name) || "crit".equals(name) || "b64".equals(name)) {
                throw new IllegalArgumentException("\"" + name + "\" is set by the signer");
            }
            HeaderMembers.put(members, name, value);
            return this;
        }

        /** The members with {@code alg} first, then {@code kid} if absent here, then the rest. */
        Map<String, Object> build(JwsAlgorithm alg, String defaultKid) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("alg", alg.identifier());
            if (!members.containsKey("kid") && defaultKid != null) {
                m.put("kid", defaultKid);
            }
            m.putAll(members);
            if (!crit.isEmpty()) {
                m.put("crit", List.copyOf(crit));
            }
            return Collections.unmodifiableMap(m);
        }
    }
}
