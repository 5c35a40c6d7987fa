package dev.signet.verify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The remote key sets of one process, one {@link RemoteKeySet} per URL: every verifier (or client
 * registration) that names a URL shares its cached keys, its one fetch in flight and its
 * cool-down, and every fetch goes through one {@link KeySetFetcher}, whose bound on fetches in
 * flight therefore holds for them all.
 *
 * <pre>{@code
 * RemoteKeySets remote = RemoteKeySets.withDefaults();
 * JwtVerifier verifier = JwtVerifier.builder(remote.get("https://issuer.example/jwks"))...build();
 * }</pre>
 */
public final class RemoteKeySets {

    /** How long a set served without {@code Cache-Control: max-age} stays fresh. */
    public static final Duration DEFAULT_FRESH_FOR = Duration.ofMinutes(5);
    /** The shortest a set stays fresh, whatever its {@code Cache-Control}. */
    public static final Duration MIN_FRESH_FOR = Duration.ofMinutes(1);
    /** The longest a set stays fresh, whatever its {@code Cache-Control}. */
    public static final Duration MAX_FRESH_FOR = Duration.ofHours(24);
    /** Default time between fetches after a failure, and between fetches for unknown {@code kid}s. */
    public static final Duration DEFAULT_COOL_DOWN = Duration.ofSeconds(30);
    /** Default time a set is still served once it is no longer fresh, while fetches fail. */
    public static final Duration DEFAULT_MAX_STALE = Duration.ofHours(1);
    /** Default bound on callers waiting for one URL's fetch. */
    public static final int DEFAULT_MAX_WAITERS = 32;
    /** The most URLs kept; past it the least recently used one is forgotten (and fetched anew when asked for). */
    static final int MAX_URLS = 10_000;

    final KeySetFetcher fetcher;
    final Clock clock;
    final Duration coolDown;
    final Duration maxStale;
    final int maxWaiters;
    final Consumer<String> problems;
    final VerificationEvents events;
    private final Cache<URI, RemoteKeySet> sets =
            Caffeine.newBuilder().maximumSize(MAX_URLS).build();

    private RemoteKeySets(Builder b) {
        this.fetcher = b.fetcher;
        this.clock = b.clock;
        this.coolDown = b.coolDown;
        this.maxStale = b.maxStale;
        this.maxWaiters = b.maxWaiters;
        this.problems = b.problems;
        this.events = b.events;
    }

    /** Key sets with the defaults: {@link KeySetFetcher#withDefaults()}, the system clock, a 30 s cool-down. */
    public static RemoteKeySets withDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The key set at {@code url}, the same instance for the same URL.
     *
     * @throws IllegalArgumentException when keys may not be fetched from {@code url} ({@link KeySetUrl})
     */
    public RemoteKeySet get(String url) {
        URI uri = KeySetUrl.parse(url);
        return sets.get(uri, u -> new RemoteKeySet(u, this));
    }

    /** Settings of {@link RemoteKeySets}; each has a safe default. */
    public static final class Builder {
        private KeySetFetcher fetcher;
        private Clock clock = Clock.systemUTC();
        private Duration coolDown = DEFAULT_COOL_DOWN;
        private Duration maxStale = DEFAULT_MAX_STALE;
        private int maxWaiters = DEFAULT_MAX_WAITERS;
        private Consumer<String> problems = RemoteKeySets::logWarning;
        private VerificationEvents events = VerificationEvents.NONE;

        private Builder() {}

        /**
         * The fetcher: its deadline, size cap and bound on fetches in flight. Default
         * {@link KeySetFetcher#withDefaults()}.
         */
        public Builder fetcher(KeySetFetcher fetcher) {
            this.fetcher = fetcher;
            return this;
        }

        /** The clock freshness, stale periods and cool-downs are measured on. Default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * After a failed fetch, how long until the next one; also the least time between two fetches
         * for an unknown {@code kid}. 1 s to 1 h; default 30 s.
         */
        public Builder coolDown(Duration coolDown) {
            this.coolDown = within("coolDown", coolDown, Duration.ofSeconds(1), Duration.ofHours(1));
            return this;
        }

        /**
         * How long a set past its freshness is still served while fetches fail (or while a fetch
         * replaces it). 0 to 7 days; default 1 h.
         */
        public Builder maxStale(Duration maxStale) {
            this.maxStale = within("maxStale", maxStale, Duration.ZERO, Duration.ofDays(7));
            return this;
        }

        /** Callers that may wait for one URL's fetch; the next fails at once. 1 to 10 000; default 32. */
        public Builder maxWaiters(int maxWaiters) {
            if (maxWaiters < 1 || maxWaiters > 10_000) {
                throw new IllegalArgumentException("maxWaiters must be 1 to 10000, not " + maxWaiters);
            }
            this.maxWaiters = maxWaiters;
            return this;
        }

        /**
         * Where a line goes for each failed fetch, for ignored keys, and (at most once per
         * cool-down and URL) for fetches refused by the bounds. Default: the platform logger
         * {@code dev.signet.verify.RemoteKeySet}, at WARNING.
         */
        public Builder problems(Consumer<String> problems) {
            this.problems = problems;
            return this;
        }

        /** Where each fetch's outcome is reported (metrics); default: nowhere. */
        public Builder events(VerificationEvents events) {
            this.events = Objects.requireNonNull(events, "events");
            return this;
        }

        public RemoteKeySets build() {
            if (fetcher == null) {
                fetcher = KeySetFetcher.withDefaults();
            }
            return new RemoteKeySets(this);
        }

        private static Duration within(String name, Duration d, Duration min, Duration max) {
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException(name + " must be " + min + " to " + max + ", not " + d);
            }
            return d;
        }
    }

    private static void logWarning(String line) {
        System.getLogger(RemoteKeySet.class.getName()).log(System.Logger.Level.WARNING, line);
    }
}
