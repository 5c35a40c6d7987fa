package dev.signet.server.oauth;

import dev.signet.jose.JoseException;
import dev.signet.jose.JwkSet;
import dev.signet.server.store.ClientRecord;
import dev.signet.verify.KeySetFetcher;
import java.io.IOException;
import java.net.URI;
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

    private record Fetched(JwkSet keys, Instant at) {}

    /**
     * Fetches within the shared limits (https, time-outs, size cap, no redirects); creates its HTTP client on first
     * use.
     */
    private final KeySetFetcher fetcher = KeySetFetcher.withDefaults();

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
        JwkSet keys = fetcher.fetchKeys(URI.create(uri));
        fetched.put(uri, new Fetched(keys, clock.instant()));
        return keys;
    }
}
