package dev.signet.server.oauth;

import dev.signet.jose.JoseException;
import dev.signet.jose.JwkSet;
import dev.signet.server.store.ClientRecord;
import dev.signet.verify.KeySetFetchException;
import dev.signet.verify.RemoteKeySets;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public keys a {@code private_key_jwt} client signs with: registered with the client, or
 * those at its {@code jwks_uri}, from the shared {@link RemoteKeySets} (one cached set per URL, one
 * fetch in flight per URL, a 5 s deadline per fetch, 16 fetches in flight at most, failures cooled
 * down for {@link #MIN_REFRESH}). A key the copy lacks causes at most one fresh fetch per
 * {@link #MIN_REFRESH} and URL, so a client can rotate its keys and a stream of bad assertions
 * cannot turn the server into a fetch loop.
 */
public final class ClientKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ClientKeys.class);

    /** The least time between two fetches of one URL after a failure or for an unknown key. */
    static final Duration MIN_REFRESH = RemoteKeySets.DEFAULT_COOL_DOWN;

    private final RemoteKeySets remote;

    public ClientKeys(Clock clock) {
        this(RemoteKeySets.builder().clock(clock).problems(LOG::warn).build());
    }

    ClientKeys(RemoteKeySets remote) {
        this.remote = remote;
    }

    /**
     * The client's keys: registered, or from its URL for an assertion naming {@code kid} (null when
     * it names none); the cached copy unless it lacks {@code kid} and {@link #MIN_REFRESH} has passed.
     */
    JwkSet keys(ClientRecord client, String kid) throws JoseException, KeySetFetchException {
        if (client.jwks() != null) {
            return JwkSet.parse(client.jwks());
        }
        return remote.get(client.jwksUri()).keys(kid);
    }

    /** A fresh copy from the client's URL if the last fetch is older than {@link #MIN_REFRESH}; else null. */
    JwkSet refreshed(ClientRecord client) {
        if (client.jwksUri() == null) {
            return null;
        }
        return remote.get(client.jwksUri()).refetch().orElse(null);
    }
}
