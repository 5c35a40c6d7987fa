package dev.signet.edge;

import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's answer to a request it could not read (a NUL in the path, headers too large, a bad
 * request line) becomes a plain 403 on forward-auth paths: a gateway turns any status but 200, 401
 * and 403 into a 500, and the request is refused either way. The edge's own paths keep Jetty's answer.
 */
final class RefusingErrorHandler extends ErrorHandler {

    private final EdgeMetrics metrics;
    private final Set<String> ownPaths;

    RefusingErrorHandler(EdgeMetrics metrics, Set<String> ownPaths) {
        this.metrics = metrics;
        this.ownPaths = Set.copyOf(ownPaths);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpURI uri = request.getHttpURI();
        String path = uri == null ? null : uri.getPath();
        if (path != null && ownPaths.contains(path)) {
            return super.handle(request, response, callback);
        }
        Decision d = new Decision(403, Map.of(), "none", Decision.Reason.BAD_REQUEST);
        metrics.record(d);
        response.setStatus(d.status());
        response.getHeaders().put("Cache-Control", "no-store");
        response.getHeaders().put("Content-Length", "0");
        response.write(true, BufferUtil.EMPTY_BUFFER, callback);
        return true;
    }
}
