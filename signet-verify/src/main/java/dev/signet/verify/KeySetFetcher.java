package dev.signet.verify;

import dev.signet.jose.JoseException;
import dev.signet.jose.JwkSet;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Fetches a JWK Set over HTTP within limits: a URL {@link KeySetUrl} allows, a connect and a
 * request time-out, a size cap read before anything is parsed, and no redirects (the URL that was
 * configured is the one that is trusted). Thread-safe; one instance can serve many URLs.
 */
public final class KeySetFetcher {

    /** Default connect and request time-out. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Default size cap: the library's own JWK Set limit. */
    public static final int DEFAULT_MAX_BYTES = JwkSet.DEFAULT_MAX_BYTES;

    private final Duration timeout;
    private final int maxBytes;
    private final String userAgent;

    /**
     * Made on the first fetch: building an {@code HttpClient} initializes TLS (an SSLContext and
     * its trust store), about 0.1 s that a process which never fetches should not pay.
     */
    private volatile HttpClient http;

    private KeySetFetcher(Builder b) {
        this.timeout = b.timeout;
        this.maxBytes = b.maxBytes;
        this.userAgent = b.userAgent;
    }

    /** A fetcher with the defaults: 5 s time-outs, 512 KiB. */
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

    /**
     * The body served at {@code url}, at most {@link #maxBytes()} long.
     *
     * @throws KeySetFetchException when the URL is refused, the fetch fails or times out, the answer
     *     is not HTTP 200 or the body is too large
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
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .header("Accept", "application/jwk-set+json, application/json")
                    .header("User-Agent", userAgent)
                    .GET()
                    .build();
        } catch (IllegalArgumentException e) {
            throw new KeySetFetchException(uri, "cannot fetch " + uri + ": " + e.getMessage(), 0, null, e);
        }
        HttpResponse<InputStream> response;
        try {
            response = http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            // instanceof rather than a catch clause of its own: a catch type is loaded when this class
            // is verified, and a server that never fetches keys must not load the HTTP client's classes.
            if (e instanceof HttpTimeoutException) {
                throw new KeySetFetchException(
                        uri, "fetching " + uri + " timed out after " + timeout.toSeconds() + " s", 0, null, e);
            }
            throw new KeySetFetchException(
                    uri,
                    "cannot fetch " + uri + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()),
                    0,
                    null,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeySetFetchException(uri, "interrupted while fetching " + uri, 0, null, e);
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status != 200) {
                String location = response.headers().firstValue("Location").orElse(null);
                String where = location == null ? "" : " (redirects to " + location + "; redirects are not followed)";
                throw new KeySetFetchException(uri, uri + " answered HTTP " + status + where, status, location, null);
            }
            byte[] bytes = body.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new KeySetFetchException(
                        uri, "the JWK Set at " + uri + " is over " + maxBytes + " bytes", 0, null, null);
            }
            return bytes;
        } catch (IOException e) {
            if (e instanceof KeySetFetchException k) {
                throw k;
            }
            throw new KeySetFetchException(
                    uri, "cannot read the answer from " + uri + ": " + e.getMessage(), 0, null, e);
        }
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

    private HttpClient http() {
        HttpClient h = http;
        if (h == null) {
            synchronized (this) {
                h = http;
                if (h == null) {
                    h = HttpClient.newBuilder()
                            .connectTimeout(timeout)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build();
                    http = h;
                }
            }
        }
        return h;
    }

    /** Settings of a {@link KeySetFetcher}; each has a safe default. */
    public static final class Builder {
        private Duration timeout = DEFAULT_TIMEOUT;
        private int maxBytes = DEFAULT_MAX_BYTES;
        private String userAgent = "signet";

        private Builder() {}

        /** Connect and request time-out, each; 1 ms to 60 s. Default 5 s. */
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

        public KeySetFetcher build() {
            return new KeySetFetcher(this);
        }
    }
}
