package dev.signet.server;

/**
 * The server cannot start for a reason the operator can fix (database unreachable or locked, data directory
 * unwritable).
 */
public final class StartupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
