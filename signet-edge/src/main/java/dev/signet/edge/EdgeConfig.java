package dev.signet.edge;

import dev.signet.jose.JwsAlgorithm;
import dev.signet.verify.Requirement;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The edge's configuration, as {@link EdgeConfigLoader} read and checked it.
 *
 * @param host the address to listen on
 * @param port the port to listen on (0: any free port)
 * @param resource this resource's identifier, for the RFC 9728 document and the challenges'
 *     {@code resource_metadata}; null: the edge's own bound address (loopback only)
 * @param envoyPrefix the path below which a request without forwarded headers carries the original
 *     path (Envoy {@code ext_authz} {@code path_prefix}), or null when none is configured
 * @param issuers the trusted issuers
 * @param routes the routes, in order: the first match wins
 * @param forward response header name to claim name, in order
 */
public record EdgeConfig(
        String host,
        int port,
        String resource,
        String envoyPrefix,
        List<IssuerSpec> issuers,
        List<Route> routes,
        Map<String, String> forward) {

    public EdgeConfig {
        issuers = List.copyOf(issuers);
        routes = List.copyOf(routes);
        forward = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(forward));
    }

    /** The same configuration listening on {@code port} ({@code --port} replaces the port of {@code listen}). */
    public EdgeConfig withPort(int port) {
        return new EdgeConfig(host, port, resource, envoyPrefix, issuers, routes, forward);
    }

    /**
     * One trusted issuer.
     *
     * @param algorithms the allowed algorithms; empty: what the issuer's metadata lists
     */
    public record IssuerSpec(String issuer, List<String> audiences, List<JwsAlgorithm> algorithms) {
        public IssuerSpec {
            audiences = List.copyOf(audiences);
            algorithms = List.copyOf(algorithms);
        }
    }

    /**
     * One route.
     *
     * @param pattern the path pattern
     * @param methods the methods it matches; empty: every method
     * @param anonymous no token needed, and no identity forwarded
     * @param requirement what a token must carry (unused when anonymous)
     */
    public record Route(PathPattern pattern, Set<String> methods, boolean anonymous, Requirement requirement) {
        public Route {
            methods = Set.copyOf(methods);
        }

        /** Whether this route is the one for {@code method} on the normalised {@code path}. */
        public boolean matches(String method, String path) {
            return (methods.isEmpty() || methods.contains(method)) && pattern.matches(path);
        }
    }
}
