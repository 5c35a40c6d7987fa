package dev.signet.verify;

import dev.signet.jose.JoseException;
import dev.signet.jose.JwkSet;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches a JWK Set over HTTP within limits: a URL {@link KeySetUrl} allows, one deadline for the
 * whole answer (connect, headers and body: a body that drips in is cut off at it), a size cap
 * enforced while reading, no redirects (the URL that was configured is the one that is trusted),
 * and a bound on the fetches in flight at once: past it a fetch fails at once instead of queueing.
 * Thread-safe; one instance can serve many URLs, and the bound holds across all of them.
 */
public final class KeySetFetcher {

    /** Default deadline for the whole answer. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Default size cap: the library's own JWK Set limit. */
    public static final int DEFAULT_MAX_BYTES = JwkSet.DEFAULT_MAX_BYTES;
    /** Default bound on fetches in flight at once. */
    public static final int DEFAULT_MAX_CONCURRENT_FETCHES = 16;

    private final Duration timeout;
    private final int maxBytes;
    private final String userAgent;
    private final int maxConcurrentFetches;
    private final Semaphore inFlight;

    /**
     * Made on the first fetch: building an {@code HttpClient} initializes TLS (an SSLContext and
     * its trust store), about 0.1 s that a process which never fetches should not pay.
     */
    private volatile KeySetExchange exchange;

    private KeySetFetcher(Builder b) {
        this.timeout = b.timeout;
        this.maxBytes = b.maxBytes;
        this.userAgent = b.userAgent;
        this.maxConcurrentFetches = b.maxConcurrentFetches;
        this.inFlight = new Semaphore(b.maxConcurrentFetches);
    }

    /** A fetcher with the defaults: a 5 s deadline, 512 KiB, 16 fetches at once. */
    public static KeySetFetcher withDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The size cap, in bytes. */
    public int maxBytes() {
        return maxBytes;
    }

    /** The deadline for a whole answer. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * The body served at {@code url}, at most {@link #maxBytes()} long.
     *
     * @throws KeySetFetchException when the URL is refused, the fetch fails or misses its deadline,
     *     the answer is not HTTP 200, the body is too large, or too many fetches are in flight
     */
    public byte[] fetch(String url) throws KeySetFetchException {
        URI uri;
        try {
            uri = KeySetUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw new KeySetFetchException(null, e.getMessage(), 0, null, e);
        }
        return fetch(uri);
    }

    /** As {@link #fetch(String)}, for a URL already checked by {@link KeySetUrl#parse(String)}. */
    public byte[] fetch(URI uri) throws KeySetFetchException {
        return await(uri, start(uri), timeout).body();
    }

    /**
     * The JWK Set served at {@code uri}, parsed with the same size cap.
     *
     * @throws KeySetFetchException as {@link #fetch(URI)}
     * @throws JoseException when the body is not a valid JWK Set
     */
    public JwkSet fetchKeys(URI uri) throws KeySetFetchException, JoseException {
        return JwkSet.parse(fetch(uri), maxBytes);
    }

    /**
     * Starts a fetch of {@code uri} (checked by {@link KeySetUrl#parse}) without waiting for it: the
     * future completes within the deadline, with the document or a {@link KeySetFetchException}; at
     * once when the bound on fetches in flight is reached.
     */
    CompletableFuture<KeySetDocument> start(URI uri) {
        return start(uri, () -> exchange().get(uri));
    }

    /**
     * A form POST to {@code uri} (checked by {@link KeySetUrl#parse}) within the same limits as a
     * fetch, counted against the same bound on requests in flight; the answer's body.
     *
     * @throws KeySetFetchException as {@link #fetch(URI)}
     */
    byte[] post(URI uri, String authorization, String form) throws KeySetFetchException {
        return await(uri, start(uri, () -> exchange().post(uri, authorization, form)), timeout)
                .body();
    }

    private CompletableFuture<KeySetDocument> start(
            URI uri, java.util.function.Supplier<CompletableFuture<KeySetDocument>> send) {
        if (!inFlight.tryAcquire()) {
            return CompletableFuture.failedFuture(KeySetFetchException.refused(
                    uri,
                    "not fetching " + uri + ": " + maxConcurrentFetches + " key set fetches are already in flight"));
        }
        CompletableFuture<KeySetDocument> f;
        try {
            f = send.get();
        } catch (RuntimeException e) {
            inFlight.release();
            return CompletableFuture.failedFuture(
                    new KeySetFetchException(uri, "cannot fetch " + uri + ": " + e, 0, null, e));
        }
        return f.whenComplete((document, error) -> inFlight.release());
    }

    /**
     * The outcome of {@code f}, a fetch started by {@link #start}: waits at most {@code wait}
     * (the fetch's own deadline bounds it anyway; this is the caller's guard).
     */
    static <T> T await(URI uri, CompletableFuture<T> f, Duration wait) throws KeySetFetchException {
        try {
            return f.get(wait.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KeySetFetchException k) {
                throw k;
            }
            Throwable c = e.getCause() == null ? e : e.getCause();
            throw new KeySetFetchException(uri, "cannot fetch " + uri + ": " + c, 0, null, c);
        } catch (TimeoutException e) {
            throw new KeySetFetchException(uri, "fetching " + uri + " timed out", 0, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeySetFetchException(uri, "interrupted while fetching " + uri, 0, null, e);
        }
    }

    private KeySetExchange exchange() {
        KeySetExchange x = exchange;
        if (x == null) {
            synchronized (this) {
                x = exchange;
                if (x == null) {
                    x = new KeySetExchange(timeout, maxBytes, userAgent);
                    exchange = x;
                }
            }
        }
        return x;
    }

    /** Settings of a {@link KeySetFetcher}; each has a safe default. */
    public static final class Builder {
        private Duration timeout = DEFAULT_TIMEOUT;
        private int maxBytes = DEFAULT_MAX_BYTES;
        private String userAgent = "signet";
        private int maxConcurrentFetches = DEFAULT_MAX_CONCURRENT_FETCHES;

        private Builder() {}

        /** Deadline for the whole answer (connect, headers, body); 1 ms to 60 s. Default 5 s. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofSeconds(60)) > 0) {
                throw new IllegalArgumentException("timeout must be more than 0 and at most 60 s, not " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Largest body accepted, in bytes; 1 to 16 MiB. Default 512 KiB. */
        public Builder maxBytes(int maxBytes) {
            if (maxBytes < 1 || maxBytes > 16 << 20) {
                throw new IllegalArgumentException("maxBytes must be 1 to 16 MiB, not " + maxBytes);
            }
            this.maxBytes = maxBytes;
            return this;
        }

        /** The {@code User-Agent} sent. Default {@code signet}. */
        public Builder userAgent(String userAgent) {
            if (userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20 || c > 0x7E)) {
                throw new IllegalArgumentException("userAgent must be printable ASCII");
            }
            this.userAgent = userAgent;
            return this;
        }

        /** Fetches in flight at once, over every URL; 1 to 1024. Default 16. Past it a fetch fails at once. */
        public Builder maxConcurrentFetches(int maxConcurrentFetches) {
            if (maxConcurrentFetches < 1 || maxConcurrentFetches > 1024) {
                throw new IllegalArgumentException(
                        "maxConcurrentFetches must be 1 to 1024, not " + maxConcurrentFetches);
            }
            this.maxConcurrentFetches = maxConcurrentFetches;
            return this;
        }

        public KeySetFetcher build() {
            return new KeySetFetcher(this);
        }
    }
}
