package dev.signet.server;

import dev.signet.jose.JwkSet;
import dev.signet.jose.JwtVerifier;
import dev.signet.jose.KeySource;
import dev.signet.server.config.ConfigLoader;
import dev.signet.server.config.ServerConfig;
import dev.signet.server.config.Setting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real server on a free port, in-process, with a hand-moved clock; and an HTTP client for it. */
public final class TestServer implements AutoCloseable {

    /** The secret of the standard test clients (see {@link #STANDARD_TENANTS}). */
    public static final String ORDERS_SECRET = "orders-secret-" + "0123456789abcdefghijklmnopqrstuvwxyz0123456789";

    public static final String REPORTS_SECRET = "reports-secret-" + "0123456789abcdefghijklmnopqrstuvwxyz0123456789";

    /** Tenant {@code default} with a Basic client, a POST client with opaque tokens, and one without the grant. */
    public static final String STANDARD_TENANTS = """
            tenants:
              - name: default
                clients:
                  - id: orders-service
                    secret-env: ORDERS_SECRET
                    grants: [client_credentials]
                    scopes: [orders.read, orders.write]
                    audiences: [orders-api, billing-api]
                    token-format: jwt
                    auth-method: client_secret_basic
                  - id: reports-service
                    secret-env: REPORTS_SECRET
                    scopes: [reports.read]
                    audiences: [reports-api]
                    token-format: opaque
                    auth-method: client_secret_post
                  - id: no-grant
                    secret-env: ORDERS_SECRET
                    grants: []
                    audiences: [orders-api]
            """;

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final Server server;
    private final MutableClock clock;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Path dataDir;

    private TestServer(Server server, MutableClock clock, Path dataDir) {
        this.server = server;
        this.clock = clock;
        this.dataDir = dataDir;
    }

    /** Starts a server with this YAML (may be empty) on the given database. */
    public static TestServer start(
            String yaml, String dbUrl, Path dataDir, MutableClock clock, Map<Setting, String> options) {
        return start(yaml, dbUrl, dataDir, clock, options, null);
    }

    /** Starts a server with this YAML on the given database, whose users are {@code users}. */
    public static TestServer start(
            String yaml,
            String dbUrl,
            Path dataDir,
            MutableClock clock,
            Map<Setting, String> options,
            dev.signet.server.identity.UserDirectory users) {
        try {
            Files.createDirectories(dataDir);
            Path file = dataDir.resolve("signet.yaml");
            Files.writeString(file, yaml);
            Map<Setting, String> opts = new EnumMap<>(Setting.class);
            opts.put(Setting.SERVER_PORT, "0");
            opts.put(Setting.DATA_DIR, dataDir.toString());
            opts.put(Setting.DATABASE_URL, dbUrl);
            opts.putAll(options);
            Map<String, String> env = env();
            ServerConfig cfg = ConfigLoader.load(file, opts, env);
            return new TestServer(Server.start(cfg, env, clock, w -> {}, db -> users), clock, dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestServer start(String yaml, String dbUrl, Path dataDir) {
        return start(yaml, dbUrl, dataDir, MutableClock.startingNow(), Map.of());
    }

    static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("ORDERS_SECRET", ORDERS_SECRET);
        env.put("REPORTS_SECRET", REPORTS_SECRET);
        return env;
    }

    public Server server() {
        return server;
    }

    public MutableClock clock() {
        return clock;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String issuer() {
        return server.issuer("default");
    }

    /** GET a path (relative to the base URL). */
    public HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(server.localUrl() + path)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    /** POST a raw body with a content type (null for none). */
    public HttpResponse<String> postRaw(String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.localUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    /** POST a form: pairs of name, value. */
    public HttpResponse<String> postForm(String path, List<String> form, String... headers) {
        return postRaw(
                path, "application/x-www-form-urlencoded", encode(form).getBytes(StandardCharsets.UTF_8), headers);
    }

    static String encode(List<String> form) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < form.size(); i += 2) {
            parts.add(URLEncoder.encode(form.get(i), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(form.get(i + 1), StandardCharsets.UTF_8));
        }
        return String.join("&", parts);
    }

    public static String[] basic(String id, String secret) {
        String v =
                URLEncoder.encode(id, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return new String[] {
            "Authorization", "Basic " + Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))
        };
    }

    /** A client-credentials token for orders-service (Basic), as the token endpoint's JSON answer. */
    public JsonNode ordersToken(String... extraForm) {
        List<String> form = new ArrayList<>(List.of("grant_type", "client_credentials"));
        form.addAll(List.of(extraForm));
        HttpResponse<String> r = postForm("/tenants/default/token", form, basic("orders-service", ORDERS_SECRET));
        if (r.statusCode() != 200) {
            throw new AssertionError("token request failed: " + r.statusCode() + " " + r.body());
        }
        return json(r);
    }

    /** A verifier that trusts the JWKS as served right now. */
    public JwtVerifier verifierFromServedJwks(String audience) {
        try {
            JwkSet set = JwkSet.parse(get("/tenants/default/jwks").body());
            return JwtVerifier.builder(KeySource.of(set))
                    .issuer(issuer())
                    .audience(audience)
                    .type("at+jwt")
                    .clock(clock)
                    .build();
        } catch (dev.signet.jose.JoseException e) {
            throw new AssertionError("served JWKS does not parse: " + e.getMessage(), e);
        }
    }

    public static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
