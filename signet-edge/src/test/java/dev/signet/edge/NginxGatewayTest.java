package dev.signet.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.examples.orders.OrdersApi;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Debian's nginx in front of examples/orders-api, with signet edge deciding through
 * {@code auth_request}: the configuration of docs/edge.md (src/test/resources/nginx/nginx.conf),
 * run as it is.
 */
class NginxGatewayTest {

    static final Path NGINX = Path.of("/usr/sbin/nginx");

    private static TestIssuer issuer;
    private static EdgeServer edge;
    private static OrdersApi api;
    private static Process nginx;
    private static Path dir;
    private static String gateway;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(NGINX), "install nginx to run the gateway tests");
        issuer = new TestIssuer();
        int port = freePort();
        gateway = "http://127.0.0.1:" + port;
        api = OrdersApi.start(issuer.issuer, "orders-api", 0, gateway);
        edge = EdgeServer.start(EdgeConfigLoader.parse("""
                listen: 127.0.0.1:0
                resource: %s
                issuers:
                  - issuer: %s
                    audiences: [orders-api]
                routes:
                  - match: { path: /public/** }
                    anonymous: true
                  - match: { path: /orders/**, methods: [GET] }
                    require: { scopes: [orders.read] }
                  - match: { path: /orders/**, methods: [POST, PUT, DELETE] }
                    require: { scopes: [orders.write], acr: [urn:signet:acr:mfa], max-age: 10m }
                  - match: { path: /whoami }
                forward:
                  X-Auth-Subject: sub
                  X-Auth-Client: client_id
                  X-Auth-Scopes: scope
                """.formatted(gateway, issuer.issuer)));
        dir = Files.createTempDirectory("signet-nginx");
        String conf;
        try (InputStream in = NginxGatewayTest.class.getResourceAsStream("/nginx/nginx.conf")) {
            conf = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        conf = conf.replace("{prefix}", dir.toString())
                .replace("{listen}", "127.0.0.1:" + port)
                .replace("{edge}", "127.0.0.1:" + edge.port())
                .replace("{api}", "127.0.0.1:" + api.port());
        Files.writeString(dir.resolve("nginx.conf"), conf);
        nginx = new ProcessBuilder(
                        NGINX.toString(),
                        "-p",
                        dir.toString(),
                        "-e",
                        dir.resolve("error.log").toString(),
                        "-c",
                        dir.resolve("nginx.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile())
                .start();
        Instant deadline = Instant.now().plusSeconds(10);
        while (!listening(port)) {
            if (!nginx.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("nginx did not start: "
                        + Files.readString(dir.resolve("nginx.out"))
                        + (Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : ""));
            }
            Thread.sleep(50);
        }
        for (int i = 0; i < 100 && status(get(edge.localUrl() + "/readyz", Map.of())) != 200; i++) {
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
                nginx.destroyForcibly();
            }
        }
        if (edge != null) {
            edge.close();
        }
        if (api != null) {
            api.close();
        }
        if (issuer != null) {
            issuer.close();
        }
        if (dir != null) {
            Path log = dir.resolve("error.log");
            if (Files.exists(log)) {
                System.out.println("nginx error.log:\n" + Files.readString(log));
            }
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int status(HttpResponse<String> r) {
        return r.statusCode();
    }

    private static HttpResponse<String> get(String url, Map<String, String> headers) throws Exception {
        return send("GET", url, null, headers);
    }

    private static HttpResponse<String> send(String method, String url, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    @Test
    void allowedRequestsReachTheApiWithTheIdentity() throws Exception {
        String reader = issuer.token(Map.of("scope", "orders.read profile"));
        HttpResponse<String> orders = get(gateway + "/orders", bearer(reader));
        assertThat(orders.statusCode()).isEqualTo(200);
        assertThat(orders.body()).startsWith("[");

        HttpResponse<String> who = get(gateway + "/whoami", bearer(reader));
        assertThat(who.statusCode()).isEqualTo(200);
        assertThat(who.body())
                .contains("\"x-auth-subject\":[\"alice\"]")
                .contains("\"x-auth-client\":[\"web\"]")
                .contains("\"x-auth-scopes\":[\"orders.read profile\"]");

        String writer = issuer.token(Map.of(
                "scope",
                "orders.write",
                "acr",
                "urn:signet:acr:mfa",
                "auth_time",
                Instant.now().minusSeconds(30).getEpochSecond()));
        HttpResponse<String> created = send("POST", gateway + "/orders", "tea", bearer(writer));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).contains("\"by\":\"alice\"").contains("\"item\":\"tea\"");
    }

    @Test
    void forgedIdentityHeadersNeverReachTheApi() throws Exception {
        String reader = issuer.token(Map.of("scope", "orders.read"));
        HttpResponse<String> who = get(
                gateway + "/whoami",
                Map.of(
                        "Authorization", "Bearer " + reader,
                        "X-Auth-Subject", "root",
                        "x-auth-client", "admin-console",
                        "X-AUTH-SCOPES", "admin"));
        assertThat(who.statusCode()).isEqualTo(200);
        assertThat(who.body())
                .contains("\"x-auth-subject\":[\"alice\"]")
                .doesNotContain("root")
                .doesNotContain("admin");

        // Anonymous: the edge forwards nothing, and nginx drops what the client sent.
        HttpResponse<String> pub = get(
                gateway + "/public/page",
                Map.of(
                        "X-Auth-Subject",
                        "root",
                        "X-Auth-Client",
                        "admin-console",
                        "Authorization",
                        "Bearer " + reader));
        assertThat(pub.statusCode()).isEqualTo(200);
        assertThat(pub.body()).isEqualTo("{}");
    }

    @Test
    void anonymousRouteWorksWithoutAToken() throws Exception {
        HttpResponse<String> pub = get(gateway + "/public/index.html", Map.of());
        assertThat(pub.statusCode()).isEqualTo(200);
        assertThat(pub.body()).isEqualTo("{}");
    }

    @Test
    void refusalsPassThroughWithTheirChallenges() throws Exception {
        String realm = "Bearer realm=\"" + gateway + "\"";
        String md = "resource_metadata=\"" + gateway + "/.well-known/oauth-protected-resource\"";

        HttpResponse<String> none = get(gateway + "/orders", Map.of());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().allValues("WWW-Authenticate")).containsExactly(realm + ", " + md);

        HttpResponse<String> bad = get(gateway + "/orders", bearer("not-a-token"));
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.headers().allValues("WWW-Authenticate")).hasSize(1);
        assertThat(bad.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith(realm + ", error=\"invalid_token\"");

        String reader = issuer.token(Map.of("scope", "orders.read"));
        HttpResponse<String> scope = send("POST", gateway + "/orders", "tea", bearer(reader));
        assertThat(scope.statusCode()).isEqualTo(403);
        assertThat(scope.headers().allValues("WWW-Authenticate"))
                .containsExactly(realm + ", error=\"insufficient_scope\","
                        + " error_description=\"the token lacks scope orders.write\", scope=\"orders.write\", " + md);

        String writer = issuer.token(Map.of("scope", "orders.write"));
        HttpResponse<String> stepUp = send("DELETE", gateway + "/orders/1", null, bearer(writer));
        assertThat(stepUp.statusCode()).isEqualTo(401);
        assertThat(stepUp.headers().allValues("WWW-Authenticate"))
                .containsExactly(realm + ", error=\"insufficient_user_authentication\","
                        + " error_description=\"a stronger sign-in is required\", acr_values=\"urn:signet:acr:mfa\","
                        + " max_age=\"600\", " + md);

        // Deny by default, and the path tricks.
        assertThat(get(gateway + "/admin", bearer(reader)).statusCode()).isEqualTo(403);
        assertThat(get(gateway + "/admin", Map.of()).statusCode()).isEqualTo(401);
        assertThat(get(gateway + "/public/..%2Fadmin", Map.of()).statusCode()).isEqualTo(403);
        assertThat(get(gateway + "/public/%2e%2e/orders", Map.of()).statusCode())
                .isEqualTo(401);
        assertThat(get(gateway + "/public/%5C..%5Corders", Map.of()).statusCode())
                .isEqualTo(403);
        assertThat(get(gateway + "/PUBLIC/x", Map.of()).statusCode()).isEqualTo(401);
        assertThat(get(gateway + "//orders", Map.of()).statusCode()).isEqualTo(401);
    }
}
