package dev.signet.server.http;

import dev.signet.server.oauth.OAuthError;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Writes JSON responses and OAuth error responses (RFC 6749 §5.2). */
final class Responses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Responses() {
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json;charset=UTF-8").result(JSON.writeValueAsString(body));
    }

    /** A response that holds credentials or per-request answers: never cached (RFC 6749 §5.1). */
    static void noStore(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
    }

    static void error(Context ctx, OAuthError e) {
        noStore(ctx);
        if (e.status() == 401 && ctx.res().getHeader("WWW-Authenticate") == null) {
            // RFC 6749 §5.2: 401 names the scheme the client may authenticate with.
            ctx.header("WWW-Authenticate", "Basic realm=\"signet\", charset=\"UTF-8\"");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.code());
        body.put("error_description", e.description());
        json(ctx, e.status(), body);
    }
}
