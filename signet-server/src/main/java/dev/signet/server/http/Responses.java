package dev.signet.server.http;

import dev.signet.server.oauth.OAuthError;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Writes JSON responses, and every refusal in the shape of an OAuth error response (RFC 6749 §5.2). */
final class Responses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Responses() {}

    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json;charset=UTF-8").result(JSON.writeValueAsString(body));
    }

    /** A response that holds credentials or per-request answers: never cached (RFC 6749 §5.1). */
    static void noStore(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
    }

    static void error(Context ctx, OAuthError e) {
        if (e.status() == 401 && ctx.res().getHeader("WWW-Authenticate") == null) {
            // RFC 6749 §5.2: 401 names the scheme the client may authenticate with.
            ctx.header("WWW-Authenticate", "Basic realm=\"signet\", charset=\"UTF-8\"");
        }
        if (e.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        error(ctx, e.status(), e.code(), e.description());
    }

    static void error(Context ctx, Refusal e) {
        if (e.challenge() != null) {
            ctx.header("WWW-Authenticate", e.challenge());
        }
        error(ctx, e.status(), e.code(), e.description());
    }

    private static void error(Context ctx, int status, String code, String description) {
        noStore(ctx);
        ctx.status(status).contentType("application/json;charset=UTF-8").result(errorBody(code, description));
    }

    /** The JSON of a refusal, for the answers written before a request reaches Javalin. */
    static String errorBody(Refusal e) {
        return errorBody(e.code(), e.description());
    }

    private static String errorBody(String code, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("error_description", description);
        return JSON.writeValueAsString(body);
    }
}
