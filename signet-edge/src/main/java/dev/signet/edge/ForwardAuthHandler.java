package dev.signet.edge;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Answers forward-auth on every path but the edge's own ({@code /healthz}, {@code /readyz},
 * {@code /metrics}, the RFC 9728 document), which go on to Javalin. It sits in front of Javalin and
 * reads the request target as it arrived, before any decoding.
 *
 * <p>The original request: {@code X-Forwarded-Method} and {@code X-Forwarded-Uri} (Traefik, and the
 * nginx configuration of docs/edge.md), else {@code X-Original-Method} and {@code X-Original-URI};
 * each header of the first family wins over its counterpart of the second. Without either, and
 * with an Envoy prefix configured, the request's own method, and its path below the prefix. Any
 * other request, or one with a header given twice, is refused (403): the edge never guesses.
 */
final class ForwardAuthHandler extends Handler.Wrapper {

    private final EdgeMetrics metrics;
    private final String envoyPrefix;
    private volatile ForwardAuth auth;
    private volatile Set<String> ownPaths = Set.of();

    ForwardAuthHandler(EdgeMetrics metrics, String envoyPrefix) {
        this.metrics = metrics;
        this.envoyPrefix = envoyPrefix;
    }

    /** Starts deciding; until then (bound, but the resource not yet known) every request is refused. */
    void start(ForwardAuth auth, Set<String> ownPaths) {
        this.ownPaths = Set.copyOf(ownPaths);
        this.auth = auth;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        ForwardAuth current = auth;
        if (path != null && ownPaths.contains(path)) {
            return super.handle(request, response, callback);
        }
        Decision d;
        try {
            d = current == null
                    ? new Decision(403, Map.of(), "none", Decision.Reason.ERROR)
                    : decide(current, request, path);
        } catch (RuntimeException e) {
            d = new Decision(403, Map.of(), "none", Decision.Reason.ERROR);
        }
        metrics.record(d);
        response.setStatus(d.status());
        HttpFields.Mutable h = response.getHeaders();
        for (Map.Entry<String, String> e : d.headers().entrySet()) {
            h.put(e.getKey(), e.getValue());
        }
        h.put("Cache-Control", "no-store");
        h.put("Content-Length", "0");
        response.write(true, BufferUtil.EMPTY_BUFFER, callback);
        return true;
    }

    private Decision decide(ForwardAuth auth, Request request, String path) {
        HttpFields in = request.getHeaders();
        List<String> authorization = in.getValuesList("Authorization");
        String method;
        String target;
        boolean forwarded = in.contains("X-Forwarded-Uri") || in.contains("X-Original-URI");
        if (forwarded) {
            method = single(in, "X-Forwarded-Method", "X-Original-Method");
            target = single(in, "X-Forwarded-Uri", "X-Original-URI");
        } else if (envoyPrefix != null
                && path != null
                && (path.equals(envoyPrefix) || path.startsWith(envoyPrefix + "/"))) {
            method = request.getMethod();
            String rest = path.substring(envoyPrefix.length());
            target = rest.isEmpty() ? "/" : rest;
        } else {
            method = null;
            target = null;
        }
        return auth.decide(method, target, authorization);
    }

    /** The one value of {@code first}, else of {@code second}; null when absent or given more than once. */
    private static String single(HttpFields in, String first, String second) {
        List<String> v = in.getValuesList(first);
        if (v.isEmpty()) {
            v = in.getValuesList(second);
        }
        return v.size() == 1 ? v.get(0) : null;
    }
}
