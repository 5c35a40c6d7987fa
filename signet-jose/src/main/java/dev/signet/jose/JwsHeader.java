package dev.signet.jose;

import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.internal.Untrusted;
import dev.signet.jose.internal.json.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The protected header of a JWS (RFC 7515 §4), strictly typed when parsed: {@code alg} is a
 * required string, {@code kid}/{@code typ}/{@code cty}/{@code jku}/{@code x5u} are strings,
 * {@code crit} is a non-empty array of distinct names that are present and not registered
 * (§4.1.11), {@code b64} is a boolean listed in {@code crit} (RFC 7797 §6).
 *
 * <p>A parsed header is untrusted until the signature has been verified.
 */
public final class JwsHeader {

    /** Header names registered by RFC 7515 and RFC 7516; {@code crit} may not list them. */
    static final Set<String> REGISTERED = Set.of("alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t",
            "x5t#S256", "typ", "cty", "crit", "enc", "zip", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c");

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
        if (!(alg instanceof String)) {
            throw new JoseException(Reason.MALFORMED, alg == null ? "header has no \"alg\"" : "header \"alg\" must be a string");
        }
        this.algorithm = (String) alg;
        this.keyId = string("kid");
        this.type = string("typ");
        this.contentType = string("cty");
        string("jku");
        string("x5u");
        string("x5t");
        string("x5t#S256");
        if (members.containsKey("jwk") && !(members.get("jwk") instanceof Map)) {
            throw new JoseException(Reason.MALFORMED, "header \"jwk\" must be an object");
        }
        if (members.containsKey("x5c") && !(members.get("x5c") instanceof List)) {
            throw new JoseException(Reason.MALFORMED, "header \"x5c\" must be an array");
        }
        this.critical = critical(members);
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
        return string(members, name);
    }

    /** A header member that must be a string when present; null when absent. */
    static String string(Map<String, Object> members, String name) throws JoseException {
        if (!members.containsKey(name)) {
            return null;
        }
        Object v = members.get(name);
        if (!(v instanceof String)) {
            throw new JoseException(Reason.MALFORMED, "header \"" + name + "\" must be a string");
        }
        return (String) v;
    }

    /** The {@code crit} list of a JWS or JWE header (RFC 7515 §4.1.11, RFC 7516 §4.1.13), empty when absent. */
    static List<String> critical(Map<String, Object> members) throws JoseException {
        if (!members.containsKey("crit")) {
            return List.of();
        }
        Object v = members.get("crit");
        if (!(v instanceof List) || ((List<?>) v).isEmpty()) {
            throw new JoseException(Reason.MALFORMED, "header \"crit\" must be a non-empty array (RFC 7515 §4.1.11)");
        }
        Set<String> names = new LinkedHashSet<>();
        for (Object o : (List<?>) v) {
            if (!(o instanceof String)) {
                throw new JoseException(Reason.MALFORMED, "header \"crit\" must list strings");
            }
            String n = (String) o;
            if (REGISTERED.contains(n)) {
                throw new JoseException(Reason.MALFORMED, "header \"crit\" lists the registered name \"" + n + "\"");
            }
            if (!members.containsKey(n)) {
                throw new JoseException(Reason.MALFORMED, "header \"crit\" lists \"" + Untrusted.printable(n)
                        + "\", which the header does not contain");
            }
            if (!names.add(n)) {
                throw new JoseException(Reason.MALFORMED, "header \"crit\" lists \"" + Untrusted.printable(n) + "\" twice");
            }
        }
        return List.copyOf(names);
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

        private Builder() {
        }

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
            members.put("b64", Boolean.FALSE);
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
            if (value == null) {
                members.remove(name);
            } else {
                members.put(name, Json.copyValue(value));
            }
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
