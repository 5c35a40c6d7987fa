package dev.signet.jose;

import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.internal.json.Json;
import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The header of a JWE (RFC 7516 §4), strictly typed when parsed: {@code alg} and {@code enc} are
 * required strings; {@code zip}, {@code kid}, {@code typ}, {@code cty} strings; {@code epk} an
 * object; {@code apu}, {@code apv}, {@code iv}, {@code tag}, {@code p2s} strict Base64URL;
 * {@code jku}, {@code x5u}, {@code x5t}, {@code x5t#S256} strings, {@code jwk} an object, {@code x5c} an array;
 * {@code p2c} a positive integer; {@code crit} as for a JWS (RFC 7515 §4.1.11).
 *
 * <p>A parsed header is untrusted until the JWE has decrypted, and even then it says only what the
 * holder of the encryption key wrote: a JWE proves nothing about who sent it.
 */
public final class JweHeader {

    /** Members the encrypter sets; a caller's header builder may not. */
    static final Set<String> SET_BY_ENCRYPTER =
            Set.of("alg", "enc", "zip", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c", "crit");

    private final Map<String, Object> members;
    private final String algorithm;
    private final String encryption;
    private final String compression;
    private final String keyId;
    private final String type;
    private final String contentType;
    private final List<String> critical;
    private final byte[] apu;
    private final byte[] apv;
    private final byte[] iv;
    private final byte[] tag;
    private final byte[] p2s;
    private final long p2c;

    private JweHeader(Map<String, Object> members) throws JoseException {
        this.members = members;
        this.algorithm = required("alg");
        this.encryption = required("enc");
        this.compression = HeaderMembers.string(members, "zip");
        this.keyId = HeaderMembers.string(members, "kid");
        this.type = HeaderMembers.string(members, "typ");
        this.contentType = HeaderMembers.string(members, "cty");
        for (String s : new String[] {"jku", "x5u", "x5t", "x5t#S256"}) {
            HeaderMembers.string(members, s);
        }
        HeaderMembers.object(members, "epk");
        HeaderMembers.object(members, "jwk");
        HeaderMembers.array(members, "x5c");
        this.apu = bytes("apu");
        this.apv = bytes("apv");
        this.iv = bytes("iv");
        this.tag = bytes("tag");
        this.p2s = bytes("p2s");
        this.p2c = count("p2c");
        this.critical = HeaderMembers.critical(members);
    }

    private String required(String name) throws JoseException {
        String s = HeaderMembers.string(members, name);
        if (s == null) {
            throw new JoseException(Reason.MALFORMED, "JWE header has no \"" + name + "\"");
        }
        return s;
    }

    private byte[] bytes(String name) throws JoseException {
        String s = HeaderMembers.string(members, name);
        if (s == null) {
            return null;
        }
        try {
            return Base64Url.decode(s);
        } catch (JoseException e) {
            throw new JoseException(Reason.MALFORMED, "header \"" + name + "\": " + e.detail());
        }
    }

    /** A positive integer member; -1 when absent. A value beyond {@code long} counts as {@code Long.MAX_VALUE}. */
    private long count(String name) throws JoseException {
        if (!members.containsKey(name)) {
            return -1;
        }
        Object v = members.get(name);
        long n;
        if (v instanceof Long l) {
            n = l;
        } else if (v instanceof BigInteger bigInteger) {
            n = bigInteger.signum() > 0 ? Long.MAX_VALUE : 0;
        } else {
            throw new JoseException(Reason.MALFORMED, "header \"" + name + "\" must be an integer");
        }
        if (n <= 0) {
            throw new JoseException(Reason.MALFORMED, "header \"" + name + "\" must be positive");
        }
        return n;
    }

    /** Builds a header from parsed JSON members. */
    static JweHeader fromMembers(Map<String, Object> members) throws JoseException {
        return new JweHeader(members);
    }

    /** Parses a header from JSON (for tests and tools; decryption parses the token itself). */
    public static JweHeader parse(String json) throws JoseException {
        return new JweHeader(Json.parseObject(json));
    }

    /** The raw {@code alg} value. */
    public String algorithm() {
        return algorithm;
    }

    /** The raw {@code enc} value. */
    public String encryption() {
        return encryption;
    }

    /** {@code zip}, or null. */
    public String compression() {
        return compression;
    }

    /** {@code kid}, or null. */
    public String keyId() {
        return keyId;
    }

    /** {@code typ}, or null. */
    public String type() {
        return type;
    }

    /** {@code cty}, or null; {@code JWT} marks a nested JWT (RFC 7519 §5.2). */
    public String contentType() {
        return contentType;
    }

    /** {@code crit}, empty when absent. */
    public List<String> critical() {
        return critical;
    }

    /** The {@code epk} members, or null. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> ephemeralPublicKey() {
        return (Map<String, Object>) members.get("epk");
    }

    /** Decoded {@code apu} (a copy), or null. */
    public byte[] agreementPartyUInfo() {
        return copy(apu);
    }

    /** Decoded {@code apv} (a copy), or null. */
    public byte[] agreementPartyVInfo() {
        return copy(apv);
    }

    /** Decoded {@code iv} of AES-GCM key wrapping (a copy), or null. */
    public byte[] keyWrapIv() {
        return copy(iv);
    }

    /** Decoded {@code tag} of AES-GCM key wrapping (a copy), or null. */
    public byte[] keyWrapTag() {
        return copy(tag);
    }

    /** Decoded {@code p2s}, the PBES2 salt input (a copy), or null. */
    public byte[] pbes2Salt() {
        return copy(p2s);
    }

    /** {@code p2c}, the PBES2 iteration count, or -1 when absent ({@code Long.MAX_VALUE} when beyond a long). */
    public long pbes2Count() {
        return p2c;
    }

    byte[] apuUnsafe() {
        return apu;
    }

    byte[] apvUnsafe() {
        return apv;
    }

    byte[] ivUnsafe() {
        return iv;
    }

    byte[] tagUnsafe() {
        return tag;
    }

    byte[] p2sUnsafe() {
        return p2s;
    }

    private static byte[] copy(byte[] b) {
        return b == null ? null : b.clone();
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
        return "JweHeader" + members.keySet();
    }

    /**
     * A builder for the header of a JWE to make; the encrypter adds {@code alg}, {@code enc} and
     * what its algorithms need, and the key's {@code kid} unless one is given here.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of JWE headers. */
    public static final class Builder {
        private final Map<String, Object> members = new LinkedHashMap<>();
        private final java.util.List<String> crit = new java.util.ArrayList<>();

        private Builder() {}

        /** {@code kid}: which of the recipient's keys the JWE is for; default the encrypter key's {@code kid}. */
        public Builder keyId(String kid) {
            return member("kid", kid);
        }

        /** {@code typ}: the media type of the whole JWE. */
        public Builder type(String typ) {
            return member("typ", typ);
        }

        /** {@code cty}: the media type of the plaintext; {@code JWT} for a nested JWT. */
        public Builder contentType(String cty) {
            return member("cty", cty);
        }

        /** Any other member; {@code alg}, {@code enc}, {@code zip}, {@code epk}, {@code apu}, {@code apv},
         * {@code iv}, {@code tag}, {@code p2s}, {@code p2c} and {@code crit} are set by the encrypter. */
        public Builder member(String name, Object value) {
            if (SET_BY_ENCRYPTER.contains(name)) {
                throw new IllegalArgumentException("\"" + name + "\" is set by the encrypter");
            }
            HeaderMembers.put(members, name, value);
            return this;
        }

        /**
         * An extension member the recipient must understand (RFC 7516 §4.1.13): it is written and
         * listed in {@code crit}, and a decrypter refuses the JWE unless it declares the name in
         * {@code understoodCriticalHeaders}. Registered names cannot be critical.
         */
        public Builder critical(String name, Object value) {
            if (HeaderMembers.REGISTERED.contains(name)) {
                throw new IllegalArgumentException(
                        "\"" + name + "\" is a registered header name and cannot be listed in crit");
            }
            member(name, java.util.Objects.requireNonNull(value, "value"));
            if (!crit.contains(name)) {
                crit.add(name);
            }
            return this;
        }

        /** {@code alg}, {@code enc}, then {@code kid} if absent here, the caller's members, then the algorithm's. */
        Map<String, Object> build(
                JweAlgorithm alg, ContentEncryption enc, String defaultKid, Map<String, Object> algorithmMembers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("alg", alg.identifier());
            m.put("enc", enc.identifier());
            if (!members.containsKey("kid") && defaultKid != null) {
                m.put("kid", defaultKid);
            }
            m.putAll(members);
            m.putAll(algorithmMembers);
            if (!crit.isEmpty()) {
                m.put("crit", List.copyOf(crit));
            }
            return Collections.unmodifiableMap(m);
        }

        /**
         * The protected header a JWE JSON object's recipients share (RFC 7516 §7.2.1): {@code enc},
         * {@code zip} when compressing, the caller's members, then {@code crit}. {@code alg} and
         * what key management adds belong to each recipient.
         */
        Map<String, Object> buildShared(ContentEncryption enc, boolean compress) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("enc", enc.identifier());
            if (compress) {
                m.put("zip", "DEF");
            }
            m.putAll(members);
            if (!crit.isEmpty()) {
                m.put("crit", List.copyOf(crit));
            }
            return Collections.unmodifiableMap(m);
        }

        /** The caller's members, its {@code kid} and critical extensions included, for checks. */
        Map<String, Object> callerMembers() {
            return Collections.unmodifiableMap(members);
        }

        /** Whether the caller named a critical extension. */
        boolean hasCritical() {
            return !crit.isEmpty();
        }

        Builder copy() {
            Builder b = new Builder();
            b.members.putAll(members);
            b.crit.addAll(crit);
            return b;
        }
    }
}
