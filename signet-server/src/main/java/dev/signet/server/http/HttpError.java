package dev.signet.server.http;

/**
 * A request refused before any endpoint's own rules apply (no such route or tenant, a body too
 * large or unreadable), or a failure of the server: a stable code, a description and the HTTP
 * status. Written in the shape of an OAuth error response, which is what the OAuth clients of
 * these routes read.
 */
final class HttpError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final int status;

    private HttpError(String code, int status, String description) {
        super(description, null, false, false);
        this.code = code;
        this.status = status;
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

    /** What Javalin refused on its own (unknown route, method not allowed, ...), with its status. */
    static HttpError refused(int status, String description) {
        return status == 404 ? notFound("no such endpoint") : new HttpError("invalid_request", status, description);
    }

    /** Anything that went wrong inside the server; the cause goes to the log, never to the client. */
    static HttpError serverError() {
        return new HttpError("server_error", 500, "the server could not answer; see its log");
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
