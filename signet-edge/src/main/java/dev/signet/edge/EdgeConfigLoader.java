package dev.signet.edge;

import dev.signet.jose.JwsAlgorithm;
import dev.signet.verify.ProtectedResource;
import dev.signet.verify.Requirement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads the edge's YAML configuration and checks every value: an unknown key, a missing one or a
 * value of the wrong form stops start-up with an {@link EdgeConfigException} naming the key.
 */
public final class EdgeConfigLoader {

    private static final Set<String> ROOT_KEYS =
            Set.of("listen", "resource", "envoy-prefix", "issuers", "routes", "forward");
    private static final Set<String> ISSUER_KEYS = Set.of("issuer", "audiences", "algorithms");
    private static final Set<String> ROUTE_KEYS = Set.of("match", "anonymous", "require");
    private static final Set<String> MATCH_KEYS = Set.of("path", "methods");
    private static final Set<String> REQUIRE_KEYS = Set.of("scopes", "claims", "acr", "max-age");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(s|m|h|d)");
    private static final Pattern METHOD = Pattern.compile("[A-Z][A-Z-]{0,31}");
    /** RFC 9110 §5.6.2 token, as a header name. */
    private static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");

    private static final Pattern CLAIM = Pattern.compile("[!-~]{1,64}");
    private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
    /** Hop-by-hop and framing headers, and those a gateway sets itself: never filled from a claim. */
    private static final Set<String> RESERVED_HEADERS = Set.of(
            "connection",
            "content-length",
            "content-type",
            "transfer-encoding",
            "keep-alive",
            "upgrade",
            "te",
            "trailer",
            "host",
            "authorization",
            "www-authenticate",
            "cache-control",
            "set-cookie",
            "location");

    private EdgeConfigLoader() {}

    /** Reads and checks {@code file}. */
    public static EdgeConfig load(Path file) throws EdgeConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EdgeConfigException("--config", "cannot read " + file + ": " + e.getMessage());
        }
        return parse(text);
    }

    /** Reads and checks a YAML document. */
    public static EdgeConfig parse(String yaml) throws EdgeConfigException {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(yaml);
        } catch (JacksonException e) {
            throw new EdgeConfigException("(file)", "not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new EdgeConfigException("(file)", "expected a YAML mapping with listen, issuers, routes and forward");
        }
        unknownKeys("", root, ROOT_KEYS);

        String listen = text("listen", required("listen", root.get("listen")), "host:port, e.g. 127.0.0.1:9000");
        int colon = listen.lastIndexOf(':');
        if (colon <= 0) {
            throw new EdgeConfigException("listen", "expected host:port, e.g. 127.0.0.1:9000");
        }
        String host = listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new EdgeConfigException("listen", "the port must be a number from 0 to 65535");
        }
        if (port < 0 || port > 65535 || host.isEmpty()) {
            throw new EdgeConfigException("listen", "expected host:port with a port from 0 to 65535");
        }

        String resource = null;
        JsonNode res = root.get("resource");
        if (res != null) {
            resource = text("resource", res, "this resource's public URL");
            try {
                ProtectedResource.builder(resource).build();
            } catch (IllegalArgumentException e) {
                throw new EdgeConfigException("resource", e.getMessage());
            }
        } else if (!loopback(host)) {
            throw new EdgeConfigException(
                    "resource",
                    "required when listen is not a loopback address: the public URL of what the edge guards");
        }

        String envoyPrefix = null;
        JsonNode ep = root.get("envoy-prefix");
        if (ep != null) {
            envoyPrefix = text("envoy-prefix", ep, "a path such as /ext-authz");
            if (!PREFIX.matcher(envoyPrefix).matches() || isReserved(envoyPrefix)) {
                throw new EdgeConfigException(
                        "envoy-prefix",
                        "expected a path of plain segments without a trailing slash, such as /ext-authz"
                                + " (not / and not /healthz, /readyz, /metrics or /.well-known)");
            }
        }

        JsonNode issuersNode = required("issuers", root.get("issuers"));
        if (!issuersNode.isArray() || issuersNode.isEmpty()) {
            throw new EdgeConfigException("issuers", "expected a list of at least one issuer");
        }
        List<EdgeConfig.IssuerSpec> issuers = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < issuersNode.size(); i++) {
            String at = "issuers[" + i + "]";
            JsonNode n = issuersNode.get(i);
            object(at, n);
            unknownKeys(at, n, ISSUER_KEYS);
            String iss =
                    text(at + ".issuer", required(at + ".issuer", n.get("issuer")), "the issuer's exact iss value");
            if (!seen.add(iss)) {
                throw new EdgeConfigException(at + ".issuer", "issuer " + iss + " is listed twice");
            }
            List<String> audiences = strings(at + ".audiences", required(at + ".audiences", n.get("audiences")));
            if (audiences.isEmpty()) {
                throw new EdgeConfigException(at + ".audiences", "at least one audience");
            }
            List<JwsAlgorithm> algs = new ArrayList<>();
            if (n.get("algorithms") != null) {
                List<String> names = strings(at + ".algorithms", n.get("algorithms"));
                for (int k = 0; k < names.size(); k++) {
                    algs.add(algorithm(at + ".algorithms[" + k + "]", names.get(k)));
                }
            }
            dev.signet.verify.Issuer.Builder check =
                    dev.signet.verify.Issuer.builder(iss).audiences(audiences);
            try {
                check.algorithms(algs);
            } catch (IllegalArgumentException e) {
                throw new EdgeConfigException(at + ".algorithms", e.getMessage());
            }
            try {
                check.build();
            } catch (IllegalArgumentException e) {
                throw new EdgeConfigException(at + ".issuer", e.getMessage());
            }
            issuers.add(new EdgeConfig.IssuerSpec(iss, audiences, algs));
        }

        JsonNode routesNode = required("routes", root.get("routes"));
        if (!routesNode.isArray() || routesNode.isEmpty()) {
            throw new EdgeConfigException("routes", "expected a list of at least one route (the first match wins)");
        }
        List<EdgeConfig.Route> routes = new ArrayList<>();
        for (int i = 0; i < routesNode.size(); i++) {
            routes.add(route("routes[" + i + "]", routesNode.get(i)));
        }

        Map<String, String> forward = new LinkedHashMap<>();
        JsonNode fw = root.get("forward");
        if (fw != null && !fw.isNull()) {
            object("forward", fw);
            Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            for (Map.Entry<String, JsonNode> e : fw.properties()) {
                String at = "forward." + e.getKey();
                if (!HEADER.matcher(e.getKey()).matches()) {
                    throw new EdgeConfigException(at, "not a header name");
                }
                if (RESERVED_HEADERS.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                    throw new EdgeConfigException(at, "this header cannot carry a claim");
                }
                if (!names.add(e.getKey())) {
                    throw new EdgeConfigException(at, "header listed twice");
                }
                String claim = text(at, e.getValue(), "the name of a claim, e.g. sub");
                if (!CLAIM.matcher(claim).matches()) {
                    throw new EdgeConfigException(at, "not a claim name");
                }
                forward.put(e.getKey(), claim);
            }
        }
        return new EdgeConfig(host, port, resource, envoyPrefix, issuers, routes, forward);
    }

    private static EdgeConfig.Route route(String at, JsonNode n) throws EdgeConfigException {
        object(at, n);
        unknownKeys(at, n, ROUTE_KEYS);
        JsonNode match = required(at + ".match", n.get("match"));
        object(at + ".match", match);
        unknownKeys(at + ".match", match, MATCH_KEYS);
        String path = text(at + ".match.path", required(at + ".match.path", match.get("path")), "a path pattern");
        PathPattern pattern;
        try {
            pattern = PathPattern.parse(path);
        } catch (IllegalArgumentException e) {
            throw new EdgeConfigException(at + ".match.path", e.getMessage());
        }
        Set<String> methods = new LinkedHashSet<>();
        if (match.get("methods") != null) {
            List<String> ms = strings(at + ".match.methods", match.get("methods"));
            if (ms.isEmpty()) {
                throw new EdgeConfigException(at + ".match.methods", "leave it out to match every method");
            }
            for (String m : ms) {
                if (!METHOD.matcher(m).matches()) {
                    throw new EdgeConfigException(
                            at + ".match.methods", "'" + m + "' is not a method in capitals, e.g. GET");
                }
                methods.add(m);
            }
        }
        boolean anonymous = false;
        JsonNode anon = n.get("anonymous");
        if (anon != null) {
            if (!anon.isBoolean()) {
                throw new EdgeConfigException(at + ".anonymous", "expected true or false");
            }
            anonymous = anon.booleanValue();
        }
        JsonNode req = n.get("require");
        if (anonymous && req != null) {
            throw new EdgeConfigException(
                    at + ".require", "an anonymous route requires nothing; remove one of the two");
        }
        Requirement.Builder r = Requirement.builder();
        if (req != null && !req.isNull()) {
            object(at + ".require", req);
            unknownKeys(at + ".require", req, REQUIRE_KEYS);
            try {
                if (req.get("scopes") != null) {
                    r.scopes(strings(at + ".require.scopes", req.get("scopes")));
                }
                if (req.get("acr") != null) {
                    r.acr(strings(at + ".require.acr", req.get("acr")));
                }
            } catch (IllegalArgumentException e) {
                throw new EdgeConfigException(at + ".require", e.getMessage());
            }
            JsonNode claims = req.get("claims");
            if (claims != null) {
                object(at + ".require.claims", claims);
                for (Map.Entry<String, JsonNode> c : claims.properties()) {
                    String cat = at + ".require.claims." + c.getKey();
                    if (!CLAIM.matcher(c.getKey()).matches()) {
                        throw new EdgeConfigException(cat, "not a claim name");
                    }
                    r.claimEquals(c.getKey(), text(cat, c.getValue(), "the value the claim must have"));
                }
            }
            JsonNode maxAge = req.get("max-age");
            if (maxAge != null) {
                r.maxAge(duration(at + ".require.max-age", maxAge));
            }
        }
        return new EdgeConfig.Route(pattern, methods, anonymous, r.build());
    }

    private static Duration duration(String at, JsonNode n) throws EdgeConfigException {
        String v = text(at, n, "a duration such as 90s, 10m, 12h or 1d");
        Matcher m = DURATION.matcher(v);
        if (!m.matches()) {
            throw new EdgeConfigException(at, "expected a duration such as 90s, 10m, 12h or 1d");
        }
        long amount = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new EdgeConfigException(at, "at least 1s");
        }
        return d;
    }

    private static JwsAlgorithm algorithm(String at, String name) throws EdgeConfigException {
        JwsAlgorithm a;
        try {
            a = JwsAlgorithm.fromIdentifier(name);
        } catch (RuntimeException e) {
            a = null;
        }
        if (a == null) {
            throw new EdgeConfigException(at, "unknown algorithm '" + name + "'");
        }
        return a;
    }

    private static boolean isReserved(String prefix) {
        return prefix.equals("/healthz")
                || prefix.equals("/readyz")
                || prefix.equals("/metrics")
                || prefix.startsWith("/.well-known");
    }

    static boolean loopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    private static JsonNode required(String at, JsonNode n) throws EdgeConfigException {
        if (n == null || n.isNull()) {
            throw new EdgeConfigException(at, "required");
        }
        return n;
    }

    private static void object(String at, JsonNode n) throws EdgeConfigException {
        if (n == null || !n.isObject()) {
            throw new EdgeConfigException(at, "expected a mapping");
        }
    }

    private static String text(String at, JsonNode n, String expected) throws EdgeConfigException {
        if (n == null || n.isNull() || !n.isValueNode()) {
            throw new EdgeConfigException(at, "expected " + expected);
        }
        String v = n.asString().trim();
        if (v.isEmpty()) {
            throw new EdgeConfigException(at, "expected " + expected + ", not an empty value");
        }
        return v;
    }

    private static List<String> strings(String at, JsonNode n) throws EdgeConfigException {
        if (!n.isArray()) {
            throw new EdgeConfigException(at, "expected a list, e.g. [a, b]");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            out.add(text(at + "[" + i + "]", n.get(i), "a value"));
        }
        return out;
    }

    private static void unknownKeys(String at, JsonNode node, Set<String> allowed) throws EdgeConfigException {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!allowed.contains(e.getKey())) {
                throw new EdgeConfigException(
                        at.isEmpty() ? e.getKey() : at + "." + e.getKey(),
                        "unknown setting; allowed here: " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }
}
