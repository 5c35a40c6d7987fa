package dev.signet.server.oauth;

import dev.signet.jose.JoseException;
import dev.signet.jose.JwkSet;
import dev.signet.server.store.ClientRecord;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The public keys a {@code private_key_jwt} client signs with: registered with the client, or
 * fetched from its {@code jwks_uri} and kept for {@link #TTL}. An assertion with a key not in the
 * copy may trigger one fresh fetch, at most every {@link #MIN_REFRESH} per URL, so a client can
 * rotate its keys and a stream of bad assertions cannot turn the server into a fetch loop.
 */
public final class ClientKeys {

    static final Duration TTL = Duration.ofMinutes(5);
    static final Duration MIN_REFRESH = Duration.ofSeconds(30);
    private static final int MAX_BYTES = JwkSet.DEFAULT_MAX_BYTES;

    private record Fetched(JwkSet keys, Instant at) {}

    /**
     * Made on the first fetch: building an {@code HttpClient} initializes TLS (an SSLContext and
     * its trust store), about 0.1 s of start-up that a server without {@code jwks-uri} clients
     * never needs.
     */
    private volatile HttpClient http;
    private final Map<String, Fetched> fetched = new ConcurrentHashMap<>();
    private final Clock clock;

    public ClientKeys(Clock clock) {
        this.clock = clock;
    }

    /** The client's keys; from its URL, the cached copy unless it is older than {@link #TTL}. */
    JwkSet keys(ClientRecord client) throws JoseException, IOException {
        if (client.jwks() != null) {
            return JwkSet.parse(client.jwks());
        }
        Fetched f = fetched.get(client.jwksUri());
        if (f != null && clock.instant().isBefore(f.at().plus(TTL))) {
            return f.keys();
        }
        return fetch(client.jwksUri());
    }

    /** A fresh copy from the client's URL if the last fetch is older than {@link #MIN_REFRESH}; else null. */
    JwkSet refreshed(ClientRecord client) throws JoseException, IOException {
        if (client.jwksUri() == null) {
            return null;
        }
        Fetched f = fetched.get(client.jwksUri());
        if (f != null && clock.instant().isBefore(f.at().plus(MIN_REFRESH))) {
            return null;
        }
        return fetch(client.jwksUri());
    }

    private JwkSet fetch(String uri) throws JoseException, IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5))
                .header("Accept", "application/jwk-set+json, application/json").GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + uri, e);
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException(uri + " answered HTTP " + response.statusCode());
            }
            byte[] body = in.readNBytes(MAX_BYTES + 1);
            if (body.length > MAX_BYTES) {
                throw new IOException(uri + " served more than " + MAX_BYTES + " bytes");
            }
            JwkSet keys = JwkSet.parse(body, MAX_BYTES);
            fetched.put(uri, new Fetched(keys, clock.instant()));
            return keys;
        }
    }

    private HttpClient http() {
        HttpClient h = http;
        if (h == null) {
            synchronized (this) {
                h = http;
                if (h == null) {
                    h = HttpClient.newBuilder()
                            .connectTimeout(Duration.ofSeconds(3))
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build();
                    http = h;
                }
            }
        }
        return h;
    }
}
