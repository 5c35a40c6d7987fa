package dev.signet.jose;

import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.internal.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Verifies JWTs completely. Built once, thread-safe, reused for every request.
 *
 * <p>The checks, in order: size limit → strict decode → header ({@code alg} in the allowlist,
 * {@code crit} understood, {@code typ} when configured) → key selection by {@code kid} (by type
 * and algorithm without one) with the key's type, curve, {@code use}, {@code key_ops} and
 * {@code alg} bound to the algorithm → signature → {@code exp} (required by default), {@code nbf},
 * {@code iat} not in the future, each with a clock skew (default 60 s) → {@code iss} exact →
 * {@code aud} contains an expected value → required claims → maximum token age → custom
 * predicates. The first failing check throws a {@link JoseException} with its reason code.
 *
 * <p>Encrypted tokens are opened only when the caller configures a decrypter with
 * {@link Builder#decryptWith(JweDecrypter)}: a compact JWE (five parts) is then decrypted first
 * (everything {@link JweDecrypter} checks), must say {@code cty: "JWT"} and hold a signed JWT
 * (RFC 7519 §5.2), and that inner JWS goes through every check above. A JWE whose plaintext is
 * bare claims is refused with {@code NOT_SIGNED}: encryption is not authentication, anyone with
 * the recipient's public key can make one. Without a decrypter a JWE is {@code MALFORMED}.
 *
 * <p>The issuer and the audience must be configured, or explicitly waived with
 * {@link Builder#acceptAnyIssuer()} / {@link Builder#acceptAnyAudience()}: a missing setting
 * never means "skip".
 *
 * <pre>{@code
 * JwtVerifier verifier = JwtVerifier.builder(KeySource.of(jwks))
 *     .issuer("https://auth.example.com/tenants/default")
 *     .audience("https://api.example.com")
 *     .type("at+jwt")
 *     .build();
 * Jwt jwt = verifier.verify(token);     // throws JoseException with a stable reason()
 * }</pre>
 */
public final class JwtVerifier {

    private final JwsVerifier jws;
    private final Set<String> issuers;
    private final Set<String> audiences;
    private final boolean requireExpiration;
    private final Duration skew;
    private final Clock clock;
    private final List<String> requiredClaims;
    private final Duration maxAge;
    private final Map<String, Predicate<Object>> predicates;
    private final int maxDepth;
    private final JweDecrypter decrypter;

    private JwtVerifier(Builder b) {
        this.jws = b.jws.clock(b.clock).build();
        this.issuers = b.issuers == null ? null : Set.copyOf(b.issuers);
        this.audiences = b.audiences == null ? null : Set.copyOf(b.audiences);
        this.requireExpiration = b.requireExpiration;
        this.skew = b.skew;
        this.clock = b.clock;
        this.requiredClaims = List.copyOf(b.requiredClaims);
        this.maxAge = b.maxAge;
        this.predicates = Collections.unmodifiableMap(new LinkedHashMap<>(b.predicates)); // checked in the order given
        this.maxDepth = b.maxDepth;
        this.decrypter = b.decrypter;
    }

    /** A builder verifying signatures with keys from {@code keys}. */
    public static Builder builder(KeySource keys) {
        return new Builder(keys);
    }

    /**
     * Verifies {@code token} and returns its header and claims.
     *
     * @throws JoseException with the reason of the first check that failed
     */
    public Jwt verify(String token) throws JoseException {
        if (decrypter != null && isCompactJwe(token)) {
            Jwe outer = decrypter.decrypt(token);
            return verifySigned(signedContent(outer), outer.header());
        }
        try {
            return verifySigned(token, null);
        } catch (JoseException e) {
            if (e.reason() == Reason.MALFORMED && isCompactJwe(token)) {
                throw new JoseException(
                        Reason.MALFORMED,
                        "this is a JWE (5 parts), and this verifier decrypts nothing:"
                                + " it accepts signed JWTs only (configure decryptWith(...) for nested JWTs)");
            }
            throw e;
        }
    }

    /** Exactly four dots: the shape of a compact JWE (RFC 7516 §7.1). */
    private static boolean isCompactJwe(String token) {
        if (token == null) {
            return false;
        }
        int dots = 0;
        for (int i = 0; i < token.length() && dots < 5; i++) {
            dots += token.charAt(i) == '.' ? 1 : 0;
        }
        return dots == 4;
    }

    /** The signed JWT inside a decrypted JWE (RFC 7519 §5.2), or NOT_SIGNED when it holds bare claims. */
    private static String signedContent(Jwe outer) throws JoseException {
        String cty = outer.header().contentType();
        byte[] plaintext = outer.plaintextUnsafe();
        if (cty == null
                || !"jwt".equals(JwsVerifier.normalizeType(cty))
                || (plaintext.length > 0 && plaintext[0] == '{')) {
            throw new JoseException(
                    Reason.NOT_SIGNED,
                    "the JWE holds no signed JWT (cty "
                            + (cty == null ? "absent" : "\"" + UntrustedText.printable(cty) + "\"")
                            + "): an encrypted-only token"
                            + " proves nothing about its issuer, and this verifier requires a signature");
        }
        return new String(plaintext, StandardCharsets.UTF_8);
    }

    private Jwt verifySigned(String token, JweHeader encryption) throws JoseException {
        Jws verified = jws.verify(token);
        JwsHeader h = verified.header();
        if (!h.isBase64Payload()) {
            throw new JoseException(
                    Reason.MALFORMED, "a JWT payload must be Base64URL-encoded (b64 false is not a JWT)");
        }
        if (h.contentType() != null && "jwt".equals(JwsVerifier.normalizeType(h.contentType()))) {
            throw new JoseException(Reason.UNSUPPORTED, "nested JWTs (cty JWT) are not supported by this verifier");
        }
        JwtClaims c = JwtClaims.parse(verified.payloadUnsafe(), maxDepth);
        checkTimes(c);
        checkIssuer(c);
        checkAudience(c);
        for (String name : requiredClaims) {
            if (!c.has(name) || c.get(name) == null) {
                throw new JoseException(Reason.MISSING_CLAIM, "required claim \"" + name + "\" is missing");
            }
        }
        if (maxAge != null) {
            Instant iat = c.issuedAt();
            if (iat == null) {
                throw new JoseException(
                        Reason.MISSING_CLAIM, "claim \"iat\" is required for the maximum token age check");
            }
            Instant oldest = clock.instant().minus(maxAge).minus(skew);
            if (iat.isBefore(oldest)) {
                throw new JoseException(
                        Reason.TOO_OLD,
                        "token issued at " + iat + " is older than the maximum age " + maxAge + " (now "
                                + clock.instant() + ", skew " + skew.toSeconds() + "s)");
            }
        }
        for (Map.Entry<String, Predicate<Object>> p : predicates.entrySet()) {
            String name = p.getKey();
            if (!c.has(name)) {
                throw new JoseException(Reason.MISSING_CLAIM, "claim \"" + name + "\" is missing");
            }
            boolean ok;
            try {
                ok = p.getValue().test(c.get(name));
            } catch (RuntimeException e) {
                ok = false;
            }
            if (!ok) {
                throw new JoseException(Reason.CLAIM_REJECTED, "claim \"" + name + "\" has a value the policy rejects");
            }
        }
        return new Jwt(h, c, verified.verifiedKey(), encryption);
    }

    private void checkTimes(JwtClaims c) throws JoseException {
        Instant now = clock.instant();
        Instant exp = c.expiresAt();
        if (exp == null) {
            if (requireExpiration) {
                throw new JoseException(Reason.MISSING_CLAIM, "claim \"exp\" is required");
            }
        } else if (!now.minus(skew).isBefore(exp)) {
            // RFC 7519 §4.1.4: the current time MUST be before exp. (exp + skew could overflow Instant.MAX.)
            throw new JoseException(
                    Reason.EXPIRED, "token expired at " + exp + " (now " + now + ", skew " + skew.toSeconds() + "s)");
        }
        Instant nbf = c.notBefore();
        if (nbf != null && now.plus(skew).isBefore(nbf)) {
            throw new JoseException(
                    Reason.NOT_YET_VALID,
                    "token is not valid before " + nbf + " (now " + now + ", skew " + skew.toSeconds() + "s)");
        }
        Instant iat = c.issuedAt();
        if (iat != null && now.plus(skew).isBefore(iat)) {
            throw new JoseException(
                    Reason.ISSUED_IN_FUTURE,
                    "token issued at " + iat + ", in the future (now " + now + ", skew " + skew.toSeconds() + "s)");
        }
    }

    private void checkIssuer(JwtClaims c) throws JoseException {
        if (issuers == null) {
            return;
        }
        String iss = c.issuer();
        if (iss == null) {
            throw new JoseException(Reason.WRONG_ISSUER, "expected iss " + quoted(issuers) + ", found none");
        }
        if (!issuers.contains(iss)) {
            throw new JoseException(
                    Reason.WRONG_ISSUER,
                    "expected iss " + quoted(issuers) + ", found \"" + UntrustedText.printable(iss) + "\"");
        }
    }

    private void checkAudience(JwtClaims c) throws JoseException {
        if (audiences == null) {
            return;
        }
        List<String> aud = c.audience();
        for (String a : aud) {
            if (audiences.contains(a)) {
                return;
            }
        }
        List<String> shown = new ArrayList<>();
        for (String a : aud) {
            if (shown.size() == 5) {
                shown.add("…");
                break;
            }
            shown.add("\"" + UntrustedText.printable(a) + "\"");
        }
        throw new JoseException(
                Reason.WRONG_AUDIENCE,
                "expected aud to contain " + quoted(audiences) + ", found "
                        + (aud.isEmpty() ? "none" : shown.toString()));
    }

    private static String quoted(Set<String> values) {
        List<String> q = new ArrayList<>();
        for (String v : values) {
            q.add("\"" + v + "\"");
        }
        return q.size() == 1 ? q.get(0) : "one of " + q;
    }

    /** Builder of {@link JwtVerifier}. */
    public static final class Builder {
        private final JwsVerifier.Builder jws;
        private Set<String> issuers;
        private boolean anyIssuer;
        private Set<String> audiences;
        private boolean anyAudience;
        private boolean requireExpiration = true;
        private Duration skew = Duration.ofSeconds(60);
        private Clock clock = Clock.systemUTC();
        private final Set<String> requiredClaims = new LinkedHashSet<>();
        private Duration maxAge;
        private final Map<String, Predicate<Object>> predicates = new LinkedHashMap<>();
        private int maxDepth = Json.DEFAULT_MAX_DEPTH;
        private JweDecrypter decrypter;

        private Builder(KeySource keys) {
            this.jws = JwsVerifier.builder(keys);
        }

        /** The expected issuer(s); {@code iss} must equal one exactly. */
        public Builder issuer(String... iss) {
            return issuers(List.of(iss));
        }

        public Builder issuers(Collection<String> iss) {
            if (iss.isEmpty()) {
                throw new IllegalArgumentException("at least one issuer");
            }
            issuers = issuers == null ? new LinkedHashSet<>() : issuers;
            issuers.addAll(iss);
            return this;
        }

        /** The expected audience(s); {@code aud} must contain at least one. */
        public Builder audience(String... aud) {
            return audiences(List.of(aud));
        }

        public Builder audiences(Collection<String> aud) {
            if (aud.isEmpty()) {
                throw new IllegalArgumentException("at least one audience");
            }
            audiences = audiences == null ? new LinkedHashSet<>() : audiences;
            audiences.addAll(aud);
            return this;
        }

        /** Skips the issuer check. Any issuer the key source trusts is then accepted. */
        public Builder acceptAnyIssuer() {
            anyIssuer = true;
            return this;
        }

        /**
         * Skips the audience check: a token minted for another service is then accepted here.
         * Only for verifiers that serve every audience of their issuer.
         */
        public Builder acceptAnyAudience() {
            anyAudience = true;
            return this;
        }

        /** Accepts tokens without {@code exp}: they never expire. ({@code exp}, when present, is still checked.) */
        public Builder acceptTokensWithoutExpiration() {
            requireExpiration = false;
            return this;
        }

        /** The allowed algorithms (see {@link JwsVerifier.Builder#algorithms}). */
        public Builder algorithms(JwsAlgorithm... algs) {
            jws.algorithms(algs);
            return this;
        }

        public Builder algorithms(Collection<JwsAlgorithm> algs) {
            jws.algorithms(algs);
            return this;
        }

        /** Require this {@code typ}, e.g. {@code at+jwt} (RFC 9068 §4). */
        public Builder type(String typ) {
            jws.type(typ);
            return this;
        }

        /** Clock skew for exp, nbf, iat and maximum age (default 60 s, at most 10 min). */
        public Builder clockSkew(Duration skew) {
            if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("clock skew must be between 0 and 10 minutes");
            }
            this.skew = skew;
            return this;
        }

        /** The clock (default: UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Claims that must be present (and not null). */
        public Builder requireClaims(String... names) {
            requiredClaims.addAll(List.of(names));
            return this;
        }

        /** Reject tokens whose {@code iat} is older than this (requires {@code iat}). */
        public Builder maxTokenAge(Duration age) {
            if (age.isNegative() || age.isZero()) {
                throw new IllegalArgumentException("max token age must be positive");
            }
            this.maxAge = age;
            return this;
        }

        /** The claim must be present and {@code predicate} must accept its value. */
        public Builder claim(String name, Predicate<Object> predicate) {
            predicates.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(predicate, "predicate"));
            return this;
        }

        /** The claim must equal {@code value} (a String, Boolean, Long, …). */
        public Builder claimEquals(String name, Object value) {
            Object expected = Json.copyValue(value);
            return claim(name, v -> Objects.equals(expected, v));
        }

        public Builder provider(Provider provider) {
            jws.provider(provider);
            return this;
        }

        /** Maximum token length in characters (default 16 KiB). */
        public Builder maxTokenLength(int chars) {
            jws.maxTokenLength(chars);
            return this;
        }

        /** Maximum JSON nesting depth of header and claims (default 16, at most 1000). */
        public Builder maxJsonDepth(int depth) {
            jws.maxJsonDepth(depth);
            this.maxDepth = depth;
            return this;
        }

        /** See {@link JwsVerifier.Builder#trustEmbeddedJwk()}. */
        public Builder trustEmbeddedJwk() {
            jws.trustEmbeddedJwk();
            return this;
        }

        /** See {@link JwsVerifier.Builder#trustX5cChains(Collection)}. */
        public Builder trustX5cChains(Collection<X509Certificate> anchors) {
            jws.trustX5cChains(anchors);
            return this;
        }

        /** Header names the caller processes itself, so {@code crit} may list them. */
        public Builder understoodCriticalHeaders(String... names) {
            jws.understoodCriticalHeaders(names);
            return this;
        }

        /**
         * Opens nested JWTs (RFC 7519 §5.2): a compact JWE is decrypted with {@code decrypter}
         * (its own allowlists and limits), must carry {@code cty: "JWT"}, and the signed JWT inside
         * is then verified with every check of this verifier. Signed JWTs that are not encrypted
         * are still accepted. JWTs use compact serialization only (RFC 7519 §7.1): a JWE in JSON
         * serialization ({@link JweJson}) is never read here; decrypt it with {@link JweDecrypter#decryptJson}.
         */
        public Builder decryptWith(JweDecrypter decrypter) {
            this.decrypter = Objects.requireNonNull(decrypter, "decrypter");
            return this;
        }

        /**
         * The verifier with these settings.
         *
         * @throws IllegalStateException when neither an issuer nor {@link #acceptAnyIssuer()}, or
         *     neither an audience nor {@link #acceptAnyAudience()}, was given
         */
        public JwtVerifier build() {
            if (issuers == null && !anyIssuer) {
                throw new IllegalStateException("set the expected issuer with issuer(...), or call acceptAnyIssuer()");
            }
            if (audiences == null && !anyAudience) {
                throw new IllegalStateException(
                        "set the expected audience with audience(...), or call" + " acceptAnyAudience()");
            }
            if (issuers != null && anyIssuer) {
                throw new IllegalStateException("issuer(...) and acceptAnyIssuer() contradict each other");
            }
            if (audiences != null && anyAudience) {
                throw new IllegalStateException("audience(...) and acceptAnyAudience() contradict each other");
            }
            return new JwtVerifier(this);
        }
    }
}
