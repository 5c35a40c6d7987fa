package dev.signet.verify;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;

/**
 * A JWK Set could not be fetched: refused URL, network failure, time-out, HTTP status, size, a body
 * that is not a JWK Set, or too many fetches (or waiters) at once.
 */
public final class KeySetFetchException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient URI uri;
    private final int status;
    private final String location;
    private final boolean refused;

    KeySetFetchException(URI uri, String message, int status, String location, Throwable cause) {
        this(uri, message, status, location, cause, false);
    }

    private KeySetFetchException(
            URI uri, String message, int status, String location, Throwable cause, boolean refused) {
        super(message, cause);
        this.uri = uri;
        this.status = status;
        this.location = location;
        this.refused = refused;
    }

    /** Nothing was fetched because a bound on concurrent fetches or waiters was reached. */
    static KeySetFetchException refused(URI uri, String message) {
        return new KeySetFetchException(uri, message, 0, null, null, true);
    }

    /** The URL that was fetched. */
    public URI uri() {
        return uri;
    }

    /** The HTTP status when the server answered with one other than 200, else 0. */
    public int status() {
        return status;
    }

    /** Where a redirect pointed (redirects are never followed), when the answer was one. */
    public Optional<String> location() {
        return Optional.ofNullable(location);
    }

    /**
     * Whether the URL was not tried at all because too many fetches were in flight or too many
     * callers were already waiting for this one: a local overload, not a fault of the key set host.
     */
    public boolean isRefused() {
        return refused;
    }
}
