package dev.signet.verify;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;

/** A JWK Set could not be fetched: refused URL, network failure, time-out, HTTP status or size. */
public final class KeySetFetchException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient URI uri;
    private final int status;
    private final String location;

    KeySetFetchException(URI uri, String message, int status, String location, Throwable cause) {
        super(message, cause);
        this.uri = uri;
        this.status = status;
        this.location = location;
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
}
