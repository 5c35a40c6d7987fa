package dev.signet.verify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.signet.jose.Base64Url;
import dev.signet.jose.JoseException;
import dev.signet.jose.JwtClaims;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks an issuer whether a token is active (RFC 7662 token introspection), with this API's own
 * client credentials ({@code client_secret_basic}): for issuers that hand out opaque tokens, and for
 * routes that must see a revocation at once rather than when a JWT expires.
 *
 * <p>An answer is cached for a short time (default 30 s, never beyond the token's {@code exp}),
 * keyed by the SHA-256 of the token (the token itself is never kept), bounded in count; concurrent
 * calls for one token share one request. The answer's {@code iss}, when present, must be the
 * configured issuer, its {@code aud} one of the issuer's audiences, its {@code exp} not past.
 * Calls go through a {@link KeySetFetcher}: the same URL rules, deadline, size cap and bound on
 * requests in flight as key set fetches.
 *
 * <pre>{@code
 * Introspector introspector = Introspector.builder(issuer, issuer.issuer() + "/introspect", "orders-api", secret)
 *     .build();
 * Principal p = introspector.introspect(bearerToken);  // or TokenRejected: INACTIVE, ...
 * }</pre>
 */
public final class Introspector {

    /** How long an answer is reused unless configured otherwise. */
    public static final Duration DEFAULT_CACHE_FOR = Duration.ofSeconds(30);
    /** The most answers kept unless configured otherwise. */
    public static final int DEFAULT_MAX_CACHED = 10_000;

    private final Issuer issuer;
    private final URI endpoint;
    private final String authorization;
    private final KeySetFetcher fetcher;
    private final Clock clock;
    private final Duration cacheFor;
    private final int maxTokenLength;
    private final Cache<String, Answer> answers;
    private final ConcurrentHashMap<String, CompletableFuture<Answer>> inFlight = new ConcurrentHashMap<>();

    /** One answer of the endpoint: a principal, or a refusal, and until when it may be reused. */
    private record Answer(Principal principal, TokenRejected.Reason refusal, String message, Instant until) {}

    private Introspector(Builder b) {
        this.issuer = b.issuer;
        this.endpoint = b.endpoint;
        this.authorization = "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString(
                                (form(b.clientId) + ":" + form(b.clientSecret)).getBytes(StandardCharsets.UTF_8));
        this.fetcher = b.fetcher != null ? b.fetcher : KeySetFetcher.withDefaults();
        this.clock = b.clock;
        this.cacheFor = b.cacheFor;
        this.maxTokenLength = b.maxTokenLength;
        this.answers = Caffeine.newBuilder()
                .maximumSize(b.maxCached)
                .expireAfterWrite(cacheFor.isZero() ? Duration.ofSeconds(1) : cacheFor)
                .build();
    }

    /**
     * A builder for introspection at {@code endpoint} of tokens from {@code issuer}, authenticating
     * as {@code clientId} with {@code clientSecret}.
     *
     * @throws IllegalArgumentException when {@code endpoint} is not a URL that may be called (https,
     *     or http on loopback)
     */
    public static Builder builder(Issuer issuer, String endpoint, String clientId, String clientSecret) {
        return new Builder(issuer, endpoint, clientId, clientSecret);
    }

    /**
     * The principal of an active token.
     *
     * @throws TokenRejected {@code INACTIVE} when the issuer says it is not active, {@code
     *     INTROSPECTION_FAILED} when it could not be asked, else the check that failed
     */
    public Principal introspect(String token) throws TokenRejected {
        if (token == null || token.isEmpty() || token.length() > maxTokenLength || !printable(token)) {
            throw new TokenRejected(
                    TokenRejected.Reason.MALFORMED,
                    "not a token: empty, over " + maxTokenLength + " characters, or not printable ASCII");
        }
        String key = sha256(token);
        Instant now = clock.instant();
        Answer cached = answers.getIfPresent(key);
        if (cached == null || !now.isBefore(cached.until())) {
            cached = ask(key, token, now);
        }
        if (cached.principal() == null) {
            throw new TokenRejected(cached.refusal(), cached.message());
        }
        return cached.principal();
    }

    /** One request for {@code token}, shared with every concurrent caller for the same token. */
    private Answer ask(String key, String token, Instant now) throws TokenRejected {
        CompletableFuture<Answer> mine = new CompletableFuture<>();
        CompletableFuture<Answer> theirs = inFlight.putIfAbsent(key, mine);
        if (theirs != null) {
            try {
                return theirs.get(fetcher.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new TokenRejected(TokenRejected.Reason.INTROSPECTION_FAILED, "introspection failed: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TokenRejected(TokenRejected.Reason.INTROSPECTION_FAILED, "interrupted");
            }
        }
        try {
            Answer a = call(token, now);
            if (a.refusal() != TokenRejected.Reason.INTROSPECTION_FAILED && !cacheFor.isZero()) {
                answers.put(key, a);
            }
            mine.complete(a);
            return a;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private Answer call(String token, Instant now) {
        byte[] body;
        try {
            body = fetcher.post(endpoint, authorization, "token=" + form(token) + "&token_type_hint=access_token");
        } catch (KeySetFetchException e) {
            return refusal(TokenRejected.Reason.INTROSPECTION_FAILED, "introspection failed: " + e.getMessage(), now);
        }
        JwtClaims c;
        Object active;
        try {
            c = JwtClaims.parse(new String(body, StandardCharsets.UTF_8));
            active = c.get("active");
        } catch (JoseException e) {
            return refusal(
                    TokenRejected.Reason.INTROSPECTION_FAILED,
                    "the introspection answer is not a JSON object: " + e.getMessage(),
                    now);
        }
        if (!(active instanceof Boolean isActive)) {
            return refusal(
                    TokenRejected.Reason.INTROSPECTION_FAILED, "the introspection answer has no boolean 'active'", now);
        }
        if (!isActive) {
            return refusal(TokenRejected.Reason.INACTIVE, "the token is not active", now);
        }
        try {
            if (c.issuer() != null && !c.issuer().equals(issuer.issuer())) {
                return refusal(TokenRejected.Reason.INVALID, "the token is from another issuer", now);
            }
            List<String> aud = c.has("aud") ? c.audience() : List.of();
            if (!aud.isEmpty() && aud.stream().noneMatch(issuer.audiences()::contains)) {
                return refusal(TokenRejected.Reason.WRONG_AUDIENCE, "the token is not meant for this API", now);
            }
            Instant exp = c.expiresAt();
            if (exp != null && exp.plus(issuer.clockSkew()).isBefore(now)) {
                return refusal(TokenRejected.Reason.EXPIRED, "the token has expired", now);
            }
            Instant until = now.plus(cacheFor);
            if (exp != null && exp.isBefore(until)) {
                until = exp;
            }
            return new Answer(Principal.of(issuer, c), null, null, until);
        } catch (JoseException e) {
            return refusal(
                    TokenRejected.Reason.INTROSPECTION_FAILED,
                    "the introspection answer has a member of the wrong type: " + e.getMessage(),
                    now);
        }
    }

    private Answer refusal(TokenRejected.Reason reason, String message, Instant now) {
        return new Answer(null, reason, message, now.plus(cacheFor));
    }

    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static String form(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }

    private static String sha256(String token) {
        try {
            return Base64Url.encode(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Settings of an {@link Introspector}; each has a safe default. */
    public static final class Builder {
        private final Issuer issuer;
        private final URI endpoint;
        private final String clientId;
        private final String clientSecret;
        private KeySetFetcher fetcher;
        private Clock clock = Clock.systemUTC();
        private Duration cacheFor = DEFAULT_CACHE_FOR;
        private int maxCached = DEFAULT_MAX_CACHED;
        private int maxTokenLength = TokenVerifier.DEFAULT_MAX_TOKEN_LENGTH;

        private Builder(Issuer issuer, String endpoint, String clientId, String clientSecret) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            this.endpoint = KeySetUrl.parse(endpoint);
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
        }

        /** The fetcher whose limits apply (share the key sets' one). Default {@link KeySetFetcher#withDefaults()}. */
        public Builder fetcher(KeySetFetcher fetcher) {
            this.fetcher = fetcher;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** How long an answer is reused, 0 (every call asks) to 5 minutes; default 30 s. Never beyond {@code exp}. */
        public Builder cacheFor(Duration cacheFor) {
            if (cacheFor.isNegative() || cacheFor.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("cacheFor must be 0 to 5 minutes, not " + cacheFor);
            }
            this.cacheFor = cacheFor;
            return this;
        }

        /** The most answers kept, 1 to 1,000,000; default 10,000. */
        public Builder maxCached(int maxCached) {
            if (maxCached < 1 || maxCached > 1_000_000) {
                throw new IllegalArgumentException("maxCached must be 1 to 1000000, not " + maxCached);
            }
            this.maxCached = maxCached;
            return this;
        }

        public Introspector build() {
            return new Introspector(this);
        }
    }
}
