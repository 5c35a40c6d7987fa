package dev.signet.server.http;

/**
 * A request this server refuses outside the OAuth protocol: a stable code, a description, the HTTP
 * status it is sent with, and for a 401 the challenge to send. Written in the shape of an OAuth
 * error response (RFC 6749 §5.2), which is what the clients of every route read.
 */
abstract class Refusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final int status;

    Refusal(String code, int status, String description) {
        super(description, null, false, false);
        this.code = code;
        this.status = status;
    }

    final String code() {
        return code;
    }

    final int status() {
        return status;
    }

    final String description() {
        return getMessage();
    }

    /** The {@code WWW-Authenticate} value a 401 is sent with, or null for none. */
    String challenge() {
        return null;
    }
}
