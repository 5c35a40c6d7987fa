package dev.signet.server.http;

/**
 * A request refused before any endpoint's own rules apply (no such route or tenant, a body too
 * large or unreadable), or a failure of the server.
 */
final class HttpError extends Refusal {

    private static final long serialVersionUID = 1L;

    private HttpError(String code, int status, String description) {
        super(code, status, description);
    }

    /** No such route, or no such tenant in the path. */
    static HttpError notFound(String description) {
        return new HttpError("not_found", 404, description);
    }

    /** The request cannot be read as HTTP says it should be (e.g. a body shorter than its Content-Length). */
    static HttpError badRequest(String description) {
        return new HttpError("invalid_request", 400, description);
    }

    /** The body exceeds the server's limit. */
    static HttpError tooLarge(String description) {
        return new HttpError("invalid_request", 413, description);
    }

    /** The request did not arrive in full within {@link HttpApi#REQUEST_DEADLINE}. */
    static HttpError requestTimeout(String description) {
        return new HttpError("invalid_request", 408, description);
    }

    /** What Javalin refused on its own (unknown route, method not allowed, ...), with its status. */
    static HttpError refused(int status, String description) {
        return status == 404 ? notFound("no such endpoint") : new HttpError("invalid_request", status, description);
    }

    /** Anything that went wrong inside the server; the cause goes to the log, never to the client. */
    static HttpError serverError() {
        return new HttpError("server_error", 500, "the server could not answer; see its log");
    }
}
