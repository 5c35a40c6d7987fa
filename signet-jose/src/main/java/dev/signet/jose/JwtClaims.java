package dev.signet.jose;

import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.internal.json.Json;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The claims of a JWT (RFC 7519 §4): immutable, with typed accessors for the registered claims
 * and for custom ones.
 *
 * <p>Parsing checks the registered claims' types: {@code iss}, {@code sub}, {@code jti} are
 * strings; {@code aud} is a string or an array of strings; {@code exp}, {@code nbf}, {@code iat}
 * are JSON numbers (NumericDate, RFC 7519 §2) — a string where a number belongs is rejected.
 *
 * <pre>{@code
 * JwtClaims claims = JwtClaims.builder()
 *     .issuer("https://auth.example.com").subject("alice").audience("api")
 *     .issuedAt(now).expiresAt(now.plusSeconds(600)).claim("scope", "read write")
 *     .build();
 * }</pre>
 */
public final class JwtClaims {

    public static final String ISSUER = "iss";
    public static final String SUBJECT = "sub";
    public static final String AUDIENCE = "aud";
    public static final String EXPIRATION = "exp";
    public static final String NOT_BEFORE = "nbf";
    public static final String ISSUED_AT = "iat";
    public static final String JWT_ID = "jti";

    /** The largest NumericDate Instant can hold. */
    private static final long MAX_SECONDS = Instant.MAX.getEpochSecond();

    private final Map<String, Object> claims;
    private final List<String> audience;
    private final Instant expiresAt;
    private final Instant notBefore;
    private final Instant issuedAt;

    private JwtClaims(Map<String, Object> claims) throws JoseException {
        this.claims = claims;
        checkString(ISSUER);
        checkString(SUBJECT);
        checkString(JWT_ID);
        this.audience = parseAudience(claims);
        this.expiresAt = numericDate(EXPIRATION);
        this.notBefore = numericDate(NOT_BEFORE);
        this.issuedAt = numericDate(ISSUED_AT);
    }

    /** Parses a claims set from JSON. */
    public static JwtClaims parse(String json) throws JoseException {
        return new JwtClaims(Json.parseObject(json));
    }

    static JwtClaims parse(byte[] utf8, int maxDepth) throws JoseException {
        return new JwtClaims(Json.parseObject(utf8, 0, utf8.length, maxDepth));
    }

    private void checkString(String name) throws JoseException {
        Object v = claims.get(name);
        if (claims.containsKey(name) && !(v instanceof String)) {
            throw new JoseException(Reason.MALFORMED, "claim \"" + name + "\" must be a string");
        }
    }

    private static List<String> parseAudience(Map<String, Object> claims) throws JoseException {
        if (!claims.containsKey(AUDIENCE)) {
            return List.of();
        }
        Object v = claims.get(AUDIENCE);
        if (v instanceof String string) {
            return List.of(string);
        }
        if (v instanceof List) {
            List<String> out = new ArrayList<>();
            for (Object o : (List<?>) v) {
                if (!(o instanceof String string)) {
                    throw new JoseException(Reason.MALFORMED, "claim \"aud\" must be a string or an array of strings");
                }
                out.add(string);
            }
            return Collections.unmodifiableList(out);
        }
        throw new JoseException(Reason.MALFORMED, "claim \"aud\" must be a string or an array of strings");
    }

    private Instant numericDate(String name) throws JoseException {
        if (!claims.containsKey(name)) {
            return null;
        }
        Object v = claims.get(name);
        if (v instanceof Long seconds) {
            long s = seconds;
            // Not Math.abs: it is negative for Long.MIN_VALUE.
            if (s >= -MAX_SECONDS && s <= MAX_SECONDS) {
                return Instant.ofEpochSecond(s);
            }
        } else if (v instanceof Double seconds) {
            double d = seconds;
            // The double bound rounds MAX_SECONDS up, so the whole seconds are range-checked again as a long.
            if (Double.isFinite(d) && Math.abs(d) <= MAX_SECONDS) {
                long secs = (long) Math.floor(d);
                if (secs >= -MAX_SECONDS && secs <= MAX_SECONDS) {
                    long nanos = (long) ((d - secs) * 1_000_000_000L);
                    return Instant.ofEpochSecond(secs, nanos);
                }
            }
        } else if (!(v instanceof BigInteger)) {
            throw new JoseException(Reason.MALFORMED, "claim \"" + name + "\" must be a NumericDate (a JSON number)");
        }
        throw new JoseException(Reason.MALFORMED, "claim \"" + name + "\" is out of range");
    }

    // ---------------------------------------------------------------- registered claims

    /** {@code iss}, or null. */
    public String issuer() {
        return (String) claims.get(ISSUER);
    }

    /** {@code sub}, or null. */
    public String subject() {
        return (String) claims.get(SUBJECT);
    }

    /** {@code aud} as a list (a single string becomes a one-element list); empty when absent. */
    public List<String> audience() {
        return audience;
    }

    /** {@code exp}, or null. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** {@code nbf}, or null. */
    public Instant notBefore() {
        return notBefore;
    }

    /** {@code iat}, or null. */
    public Instant issuedAt() {
        return issuedAt;
    }

    /** {@code jti}, or null. */
    public String jwtId() {
        return (String) claims.get(JWT_ID);
    }

    // ---------------------------------------------------------------- any claim

    /** Whether the claim is present (even with a JSON null value). */
    public boolean has(String name) {
        return claims.containsKey(name);
    }

    /** The raw value: String, Long, BigInteger, Double, Boolean, List, Map, or null. */
    public Object get(String name) {
        return claims.get(name);
    }

    /** A string claim, or null when absent. */
    public String getString(String name) throws JoseException {
        return typed(name, String.class, "a string");
    }

    /** A boolean claim, or null when absent. */
    public Boolean getBoolean(String name) throws JoseException {
        return typed(name, Boolean.class, "a boolean");
    }

    /** A numeric claim (Long, BigInteger or Double), or null when absent. */
    public Number getNumber(String name) throws JoseException {
        return typed(name, Number.class, "a number");
    }

    /** An integer claim that fits a long, or null when absent. */
    public Long getLong(String name) throws JoseException {
        return typed(name, Long.class, "an integer within 64 bits");
    }

    /** A claim that is an array of strings, or null when absent. */
    public List<String> getStringList(String name) throws JoseException {
        List<?> l = typed(name, List.class, "an array of strings");
        if (l == null) {
            return null;
        }
        List<String> out = new ArrayList<>(l.size());
        for (Object o : l) {
            if (!(o instanceof String string)) {
                throw wrongType(name, "an array of strings");
            }
            out.add(string);
        }
        return Collections.unmodifiableList(out);
    }

    /** An array claim (elements as in {@link #get}), or null when absent. */
    public List<Object> getList(String name) throws JoseException {
        @SuppressWarnings("unchecked")
        List<Object> l = typed(name, List.class, "an array");
        return l;
    }

    /** An object claim, or null when absent. */
    public Map<String, Object> getObject(String name) throws JoseException {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = typed(name, Map.class, "an object");
        return m;
    }

    /** A NumericDate claim, or null when absent. */
    public Instant getInstant(String name) throws JoseException {
        switch (name) {
            case EXPIRATION -> {
                return expiresAt;
            }
            case NOT_BEFORE -> {
                return notBefore;
            }
            case ISSUED_AT -> {
                return issuedAt;
            }
            default -> {
                Number n = getNumber(name);
                return n == null ? null : new JwtClaims(Map.of(EXPIRATION, n)).expiresAt;
            }
        }
    }

    private <T> T typed(String name, Class<T> type, String what) throws JoseException {
        Object v = claims.get(name);
        if (v == null) {
            if (claims.containsKey(name)) {
                throw wrongType(name, what);
            }
            return null;
        }
        if (!type.isInstance(v)) {
            throw wrongType(name, what);
        }
        return type.cast(v);
    }

    private static JoseException wrongType(String name, String what) {
        return new JoseException(Reason.MALFORMED, "claim \"" + UntrustedText.printable(name) + "\" must be " + what);
    }

    /** All claims, immutable, in document order. */
    public Map<String, Object> asMap() {
        return claims;
    }

    /** The claims as compact JSON. */
    public String toJson() {
        return Json.writeString(claims);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JwtClaims jwtClaims && jwtClaims.claims.equals(claims);
    }

    @Override
    public int hashCode() {
        return claims.hashCode();
    }

    /** The claim names only: claims may hold personal data. */
    @Override
    public String toString() {
        return "JwtClaims" + claims.keySet();
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link JwtClaims}; NumericDates are written as whole seconds. */
    public static final class Builder {
        private final Map<String, Object> claims = new LinkedHashMap<>();

        private Builder() {}

        public Builder issuer(String iss) {
            return claim(ISSUER, iss);
        }

        public Builder subject(String sub) {
            return claim(SUBJECT, sub);
        }

        /** One audience, written as a string. */
        public Builder audience(String aud) {
            return claim(AUDIENCE, aud);
        }

        /** Several audiences, written as an array. */
        public Builder audience(List<String> aud) {
            return claim(AUDIENCE, List.copyOf(aud));
        }

        public Builder expiresAt(Instant exp) {
            return claim(EXPIRATION, exp == null ? null : exp.getEpochSecond());
        }

        public Builder notBefore(Instant nbf) {
            return claim(NOT_BEFORE, nbf == null ? null : nbf.getEpochSecond());
        }

        public Builder issuedAt(Instant iat) {
            return claim(ISSUED_AT, iat == null ? null : iat.getEpochSecond());
        }

        public Builder jwtId(String jti) {
            return claim(JWT_ID, jti);
        }

        /** Any claim: String, Number, Boolean, List, Map (nested), or an Instant (as NumericDate); null removes it. */
        public Builder claim(String name, Object value) {
            Objects.requireNonNull(name, "name");
            if (value == null) {
                claims.remove(name);
            } else {
                claims.put(name, value instanceof Instant instant ? instant.getEpochSecond() : Json.copyValue(value));
            }
            return this;
        }

        /** All claims of a map. */
        public Builder claims(Map<String, ?> all) {
            all.forEach(this::claim);
            return this;
        }

        /**
         * The claims with these values.
         *
         * @throws IllegalArgumentException when a registered claim has the wrong type
         */
        public JwtClaims build() {
            try {
                return new JwtClaims(Collections.unmodifiableMap(new LinkedHashMap<>(claims)));
            } catch (JoseException e) {
                throw new IllegalArgumentException(e.detail(), e);
            }
        }
    }
}
