package dev.signet.verify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.signet.jose.Base64Url;
import dev.signet.jose.JoseException;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.Jwt;
import dev.signet.jose.JwtClaims;
import dev.signet.jose.JwtVerifier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Verifies the bearer tokens of an API locally, against one or more trusted {@link Issuer}s, with
 * their keys fetched and cached by {@link RemoteKeySets}: the issuer is never called per request.
 *
 * <p>A token is routed by its unverified {@code iss}, used for nothing else: a token naming no
 * configured issuer is refused before any key is looked up, and a token is only ever checked
 * against the keys of the issuer it names. Before a key lookup can cause a fetch, the token must
 * have the shape of a compact JWS and its {@code alg} must be allowed for that issuer: garbage and
 * unsigned tokens never spend the refresh budget of a key set. Then signet-jose's
 * {@link JwtVerifier} checks everything (signature with the key bound to the algorithm, {@code exp},
 * {@code nbf}, {@code iat} with the issuer's clock skew, {@code iss} exactly, an audience, the
 * {@code typ}).
 *
 * <pre>{@code
 * TokenVerifier verifier = TokenVerifier.builder()
 *     .issuer(Issuer.builder("https://auth.example.com/tenants/default").audiences("orders-api").build())
 *     .build();
 * Principal p = verifier.verify(bearerToken);   // or TokenRejected with a stable reason()
 * }</pre>
 *
 * <p>With {@link Builder#cache(int)}, a token already verified is answered from memory until its
 * {@code exp}, keyed by its SHA-256 hash, as long as the key that signed it (its {@code kid}) is
 * still in the issuer's key set: a key removed from the JWK Set, or a key set that can no longer
 * be had, sends the token through the full check again. Outcomes, cache answers and key-set
 * fetches are reported to {@link Builder#events}.
 */
public final class TokenVerifier {

    /** How long the last good key set is served while its URL cannot be fetched, unless configured. */
    public static final Duration DEFAULT_MAX_STALE = Duration.ofHours(6);
    /** The longest token accepted, in characters, unless configured. */
    public static final int DEFAULT_MAX_TOKEN_LENGTH = 16 * 1024;

    private static final Set<JwsAlgorithm> ASYMMETRIC = asymmetric();

    /** The most tokens {@link Builder#cache(int)} may be asked to keep. */
    public static final int MAX_CACHED_TOKENS = 1_000_000;

    private final Map<String, IssuerKeys> issuers;
    private final int maxTokenLength;
    private final VerificationEvents events;
    private final Cache<Digest, Verified> cache;
    private final Clock clock;

    private TokenVerifier(Builder b) {
        RemoteKeySets remote = b.remote != null
                ? b.remote
                : RemoteKeySets.builder()
                        .clock(b.clock)
                        .maxStale(DEFAULT_MAX_STALE)
                        .events(b.events)
                        .build();
        Cache<Digest, Verified> cache = b.cacheSize == 0 ? null : verifiedCache(b.cacheSize, b.clock);
        Map<String, IssuerKeys> m = new LinkedHashMap<>();
        for (Issuer i : b.issuers) {
            m.put(i.issuer(), new IssuerKeys(i, remote, b.clock, b.maxTokenLength));
        }
        this.issuers = Map.copyOf(m);
        this.maxTokenLength = b.maxTokenLength;
        this.events = b.events;
        this.cache = cache;
        this.clock = b.clock;
    }

    /** A verified token, as the cache keeps it: what it proved, and the key it was checked with. */
    private record Verified(Principal principal, String kid, RemoteKeySet keys, String issuer) {}

    /** The SHA-256 of a token, as the cache's key. */
    private record Digest(long a, long b, long c, long d) {}

    private static Cache<Digest, Verified> verifiedCache(int size, Clock clock) {
        return Caffeine.newBuilder()
                .maximumSize(size)
                .expireAfter(new Expiry<Digest, Verified>() {
                    @Override
                    public long expireAfterCreate(Digest key, Verified v, long now) {
                        Duration left =
                                Duration.between(clock.instant(), v.principal().expiresAt());
                        return left.isNegative() ? 0 : left.toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(Digest key, Verified v, long now, long current) {
                        return expireAfterCreate(key, v, now);
                    }

                    @Override
                    public long expireAfterRead(Digest key, Verified v, long now, long current) {
                        return current;
                    }
                })
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The configured issuers, by their exact {@code iss}. */
    public Set<String> issuers() {
        return issuers.keySet();
    }

    /**
     * Verifies a bearer token (the value after {@code Bearer }).
     *
     * @throws TokenRejected with the reason of the first check that failed
     */
    public Principal verify(String token) throws TokenRejected {
        Digest key = null;
        if (cache != null && token != null && !token.isEmpty() && token.length() <= maxTokenLength) {
            key = digest(token);
            Verified hit = cache.getIfPresent(key);
            if (hit != null) {
                if (stillValid(hit)) {
                    events.accepted(hit.issuer(), true);
                    return hit.principal();
                }
                cache.invalidate(key);
            }
        }
        IssuerKeys[] routed = new IssuerKeys[1];
        try {
            return route(token, routed, key);
        } catch (TokenRejected e) {
            events.rejected(routed[0] == null ? null : routed[0].issuer.issuer(), e.reason());
            throw e;
        }
    }

    /** Not yet expired, and its key still published (a set that cannot be had any more fails this). */
    private boolean stillValid(Verified v) {
        if (!clock.instant().isBefore(v.principal().expiresAt())) {
            return false;
        }
        try {
            return !v.keys().keys().byKeyId(v.kid()).isEmpty();
        } catch (KeySetFetchException e) {
            return false;
        }
    }

    private Principal route(String token, IssuerKeys[] routed, Digest key) throws TokenRejected {
        if (token == null || token.isEmpty()) {
            throw new TokenRejected(TokenRejected.Reason.MALFORMED, "no token");
        }
        if (token.length() > maxTokenLength) {
            throw new TokenRejected(
                    TokenRejected.Reason.MALFORMED, "the token is longer than " + maxTokenLength + " characters");
        }
        int d1 = token.indexOf('.');
        int d2 = d1 < 0 ? -1 : token.indexOf('.', d1 + 1);
        if (d1 <= 0 || d2 < 0 || d2 == token.length() - 1 || token.indexOf('.', d2 + 1) >= 0) {
            throw new TokenRejected(
                    TokenRejected.Reason.MALFORMED, "not a signed JWT (three Base64URL parts separated by dots)");
        }
        String iss;
        String alg;
        String kid;
        try {
            JwtClaims header = JwtClaims.parse(new String(Base64Url.decode(token, 0, d1), StandardCharsets.UTF_8));
            alg = header.getString("alg");
            kid = header.getString("kid");
            iss = JwtClaims.parse(new String(Base64Url.decode(token, d1 + 1, d2), StandardCharsets.UTF_8))
                    .getString(JwtClaims.ISSUER);
        } catch (JoseException e) {
            throw new TokenRejected(TokenRejected.Reason.MALFORMED, "not a signed JWT: " + e.getMessage(), e);
        }
        IssuerKeys keys = iss == null ? null : issuers.get(iss);
        if (keys == null) {
            throw new TokenRejected(
                    TokenRejected.Reason.UNKNOWN_ISSUER,
                    iss == null ? "the token names no issuer" : "the token's issuer is not trusted here");
        }
        routed[0] = keys;
        Principal p = keys.verify(token, alg);
        RemoteKeySet signedBy = keys.keySet;
        if (key != null && kid != null && p.expiresAt() != null && signedBy != null) {
            cache.put(key, new Verified(p, kid, signedBy, keys.issuer.issuer()));
        }
        events.accepted(keys.issuer.issuer(), false);
        return p;
    }

    private static Set<JwsAlgorithm> asymmetric() {
        Set<JwsAlgorithm> s = EnumSet.noneOf(JwsAlgorithm.class);
        for (JwsAlgorithm a : JwsAlgorithm.values()) {
            if (!a.identifier().startsWith("HS")) {
                s.add(a);
            }
        }
        return Set.copyOf(s);
    }

    /**
     * One issuer's keys and verifier. With a configured JWK Set URL both exist from the start; with
     * metadata, they are made on the first token that needs them, one fetch at a time, and a failed
     * fetch is not retried before the key sets' cool-down.
     */
    private static final class IssuerKeys {
        private final Issuer issuer;
        private final RemoteKeySets remote;
        private final Clock clock;
        private final int maxTokenLength;
        private final ReentrantLock lock = new ReentrantLock();
        private volatile JwtVerifier verifier;
        private volatile RemoteKeySet keySet;
        private volatile Set<JwsAlgorithm> allowed;
        private Instant failedAt;
        private String failure;

        IssuerKeys(Issuer issuer, RemoteKeySets remote, Clock clock, int maxTokenLength) {
            this.issuer = issuer;
            this.remote = remote;
            this.clock = clock;
            this.maxTokenLength = maxTokenLength;

            this.allowed = issuer.algorithms().isEmpty() ? ASYMMETRIC : Set.copyOf(issuer.algorithms());
            if (issuer.jwksUri() != null) {
                this.verifier = build(issuer.jwksUri(), List.copyOf(allowed));
            }
        }

        Principal verify(String token, String alg) throws TokenRejected {
            JwsAlgorithm a = alg == null ? null : IssuerMetadata.asymmetric(alg);
            if (a == null || !allowed.contains(a)) {
                throw new TokenRejected(
                        TokenRejected.Reason.ALG_NOT_ALLOWED,
                        "the token's alg is not allowed for issuer " + issuer.issuer());
            }
            return check(token);
        }

        private Principal check(String token) throws TokenRejected {
            JwtVerifier v = verifier != null ? verifier : resolve();
            Jwt jwt;
            try {
                jwt = v.verify(token);
            } catch (JoseException e) {
                throw rejected(e);
            }
            try {
                return Principal.of(issuer, jwt.claims());
            } catch (JoseException e) {
                throw new TokenRejected(
                        TokenRejected.Reason.INVALID, "a claim has the wrong type: " + e.getMessage(), e);
            }
        }

        private JwtVerifier resolve() throws TokenRejected {
            lock.lock();
            try {
                if (verifier != null) {
                    return verifier;
                }
                Instant now = clock.instant();
                if (failedAt != null && now.isBefore(failedAt.plus(remote.coolDown))) {
                    throw new TokenRejected(TokenRejected.Reason.KEYS_UNAVAILABLE, failure);
                }
                IssuerMetadata metadata;
                try {
                    metadata = IssuerMetadata.fetch(remote.fetcher, issuer);
                } catch (KeySetFetchException | IllegalArgumentException e) {
                    failedAt = now;
                    failure = "the keys of issuer " + issuer.issuer() + " cannot be found: " + e.getMessage();
                    remote.problems.accept(failure);
                    throw new TokenRejected(TokenRejected.Reason.KEYS_UNAVAILABLE, failure);
                }
                List<JwsAlgorithm> algs = new ArrayList<>(issuer.algorithms());
                if (algs.isEmpty()) {
                    algs.addAll(metadata.algorithms().isEmpty() ? ASYMMETRIC : metadata.algorithms());
                }
                allowed = Set.copyOf(algs);
                verifier = build(metadata.jwksUri(), algs);
                return verifier;
            } finally {
                lock.unlock();
            }
        }

        private JwtVerifier build(String jwksUri, List<JwsAlgorithm> algs) {
            RemoteKeySet set = remote.get(jwksUri);
            keySet = set;
            return JwtVerifier.builder(set)
                    .issuer(issuer.issuer())
                    .audiences(issuer.audiences())
                    .algorithms(algs)
                    .type(issuer.type())
                    .clockSkew(issuer.clockSkew())
                    .clock(clock)
                    .maxTokenLength(maxTokenLength)
                    .build();
        }

        private static TokenRejected rejected(JoseException e) {
            TokenRejected.Reason r = switch (e.reason()) {
                case MALFORMED, TOO_LARGE -> TokenRejected.Reason.MALFORMED;
                case ALG_NOT_ALLOWED -> TokenRejected.Reason.ALG_NOT_ALLOWED;
                case KEY_NOT_FOUND ->
                    e.getCause() instanceof KeySetFetchException
                            ? TokenRejected.Reason.KEYS_UNAVAILABLE
                            : TokenRejected.Reason.KEY_NOT_FOUND;
                case BAD_SIGNATURE -> TokenRejected.Reason.BAD_SIGNATURE;
                case EXPIRED -> TokenRejected.Reason.EXPIRED;
                case NOT_YET_VALID -> TokenRejected.Reason.NOT_YET_VALID;
                case WRONG_AUDIENCE -> TokenRejected.Reason.WRONG_AUDIENCE;
                case WRONG_TYPE -> TokenRejected.Reason.WRONG_TYPE;
                default -> TokenRejected.Reason.INVALID;
            };
            return new TokenRejected(r, e.getMessage(), e);
        }
    }

    private static final MessageDigest SHA_256 = sha256();

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static Digest digest(String token) {
        MessageDigest md;
        try {
            md = (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            md = sha256();
        }
        ByteBuffer h = ByteBuffer.wrap(md.digest(token.getBytes(StandardCharsets.UTF_8)));
        return new Digest(h.getLong(), h.getLong(), h.getLong(), h.getLong());
    }

    /** Settings of a {@link TokenVerifier}: at least one issuer. */
    public static final class Builder {
        private final List<Issuer> issuers = new ArrayList<>();
        private RemoteKeySets remote;
        private Clock clock = Clock.systemUTC();
        private int maxTokenLength = DEFAULT_MAX_TOKEN_LENGTH;
        private int cacheSize;
        private VerificationEvents events = VerificationEvents.NONE;

        private Builder() {}

        /** Trusts {@code issuer}; two issuers with one {@code iss} are refused. */
        public Builder issuer(Issuer issuer) {
            for (Issuer i : issuers) {
                if (i.issuer().equals(issuer.issuer())) {
                    throw new IllegalArgumentException("issuer " + issuer.issuer() + " is configured twice");
                }
            }
            issuers.add(issuer);
            return this;
        }

        /**
         * The key sets to fetch through (share one per process). Default: key sets of this verifier
         * alone, with the defaults of {@link RemoteKeySets} and a stale bound of 6 h.
         */
        public Builder keySets(RemoteKeySets remote) {
            this.remote = remote;
            return this;
        }

        /** The clock tokens are checked on (and, with the default key sets, caches run on). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** 1 KiB to 1 MiB; default 16 KiB. */
        public Builder maxTokenLength(int chars) {
            if (chars < 1024 || chars > 1024 * 1024) {
                throw new IllegalArgumentException("maxTokenLength must be 1024 to 1048576, not " + chars);
            }
            this.maxTokenLength = chars;
            return this;
        }

        /**
         * Keeps up to {@code maxTokens} verified tokens (1 to {@link #MAX_CACHED_TOKENS}), each until
         * its {@code exp} or until its key leaves the issuer's key set; 0 (the default) keeps none.
         * Only tokens with a {@code kid} and an {@code exp} are kept.
         */
        public Builder cache(int maxTokens) {
            if (maxTokens < 0 || maxTokens > MAX_CACHED_TOKENS) {
                throw new IllegalArgumentException(
                        "cache must be 0 to " + MAX_CACHED_TOKENS + " tokens, not " + maxTokens);
            }
            this.cacheSize = maxTokens;
            return this;
        }

        /**
         * Where outcomes are reported (for metrics); default: nowhere. With the default key sets their
         * fetches are reported there too; key sets given to {@link #keySets} report to their own.
         */
        public Builder events(VerificationEvents events) {
            this.events = Objects.requireNonNull(events, "events");
            return this;
        }

        public TokenVerifier build() {
            if (issuers.isEmpty()) {
                throw new IllegalArgumentException("configure at least one issuer");
            }
            return new TokenVerifier(this);
        }
    }
}
