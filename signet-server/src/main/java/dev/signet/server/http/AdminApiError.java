package dev.signet.server.http;

/**
 * A refusal of the admin API, which is not an OAuth endpoint: no or a wrong admin credential
 * (401 with its bearer challenge), a body or field not acceptable, no such client or key, an id taken.
 */
final class AdminApiError extends Refusal {

    private static final long serialVersionUID = 1L;

    /** RFC 6750 §3: the admin API takes a bearer credential. */
    private static final String CHALLENGE = "Bearer realm=\"signet-admin\"";

    private AdminApiError(String code, int status, String description) {
        super(code, status, description);
    }

    /** No admin credential, or not the right one. */
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

    @Override
    String challenge() {
        return status() == 401 ? CHALLENGE : null;
    }
}
