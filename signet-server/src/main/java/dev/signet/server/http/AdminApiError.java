package dev.signet.server.http;

/**
 * A refusal of the admin API, which is not an OAuth endpoint: a stable code, a description for the
 * operator, the HTTP status it is sent with, and for 401 the challenge of the admin credential.
 */
final class AdminApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** RFC 6750 §3: the admin API takes a bearer credential. */
    static final String CHALLENGE = "Bearer realm=\"signet-admin\"";

    private final String code;
    private final int status;

    private AdminApiError(String code, int status, String description) {
        super(description, null, false, false);
        this.code = code;
        this.status = status;
    }

    /** No admin credential, or not the right one; sent with {@link #CHALLENGE}. */
    static AdminApiError unauthorized(String description) {
        return new AdminApiError("unauthorized", 401, description);
    }

    /** The body or a field of it is not acceptable. */
    static AdminApiError invalidRequest(String description) {
        return new AdminApiError("invalid_request", 400, description);
    }

    /** The client or key named in the path does not exist. */
    static AdminApiError notFound(String description) {
        return new AdminApiError("not_found", 404, description);
    }

    /** The id to create is taken. */
    static AdminApiError conflict(String description) {
        return new AdminApiError("conflict", 409, description);
    }

    String code() {
        return code;
    }

    int status() {
        return status;
    }

    String description() {
        return getMessage();
    }
}
