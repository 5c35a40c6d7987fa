package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.Base64Url;
import dev.signet.server.TestDatabases;
import dev.signet.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Random requests to every endpoint — token, introspect, revoke, JWKS, metadata, the admin API with
 * and without the admin credential — with hostile methods, paths, headers and bodies, on SQLite and on
 * PostgreSQL. docs/server.md promises that no input produces a 500 or a stack trace: every answer
 * is below 500, carries no stack trace, and nothing the server logs while it runs holds one.
 *
 * <p>The seed is printed; {@code -Dsignet.fuzz.seed=N} replays a run, {@code -Dsignet.fuzz.requests=N}
 * changes its length (default {@value #DEFAULT_REQUESTS} per database).
 */
class HostileInputFuzzTest {

    private static final int DEFAULT_REQUESTS = 2000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    static List<String> databases() {
        return TestDatabases.kinds();
    }

    /** A route: its method and its path with {tenant}, {client} and {kid} to fill in. */
    private record Route(String method, String path, boolean form, boolean admin) {}

    private static final List<Route> ROUTES = List.of(
            new Route("POST", "/tenants/{tenant}/token", true, false),
            new Route("POST", "/tenants/{tenant}/token", true, false),
            new Route("POST", "/tenants/{tenant}/introspect", true, false),
            new Route("POST", "/tenants/{tenant}/revoke", true, false),
            new Route("GET", "/tenants/{tenant}/jwks", false, false),
            new Route("GET", "/tenants/{tenant}/.well-known/openid-configuration", false, false),
            new Route("GET", "/tenants/{tenant}/.well-known/oauth-authorization-server", false, false),
            new Route("GET", "/.well-known/oauth-authorization-server/tenants/{tenant}", false, false),
            new Route("GET", "/healthz", false, false),
            new Route("GET", "/readyz", false, false),
            new Route("GET", "/metrics", false, false),
            new Route("GET", "/admin/tenants", false, true),
            new Route("POST", "/admin/tenants", false, true),
            new Route("GET", "/admin/tenants/{tenant}/clients", false, true),
            new Route("POST", "/admin/tenants/{tenant}/clients", false, true),
            new Route("POST", "/admin/tenants/{tenant}/clients", false, true),
            new Route("POST", "/admin/tenants/{tenant}/clients/{client}/secret", false, true),
            new Route("POST", "/admin/tenants/{tenant}/clients/{client}/disable", false, true),
            new Route("POST", "/admin/tenants/{tenant}/clients/{client}/enable", false, true),
            new Route("GET", "/admin/tenants/{tenant}/keys", false, true),
            new Route("POST", "/admin/tenants/{tenant}/keys/{kid}/revoke", false, true),
            new Route("GET", "/admin/tenants/{tenant}/audit", false, true),
            new Route("GET", "/admin/tenants/{tenant}/users", false, true),
            new Route("POST", "/admin/tenants/{tenant}/users", false, true),
            new Route("GET", "/admin/tenants/{tenant}/users/{client}", false, true),
            new Route("POST", "/admin/tenants/{tenant}/users/{client}/disable", false, true),
            new Route("POST", "/admin/tenants/{tenant}/users/{client}/reset-password", false, true),
            new Route("POST", "/admin/tenants/{tenant}/users/{client}/reset-mfa", false, true),
            new Route("GET", "/no/such/route", false, false));

    private static final List<String> METHODS =
            List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "FOO", "M-SEARCH", "get");

    /** Path segments: valid ones, and what no tenant, client or key is called (URI-legal, percent-encoded). */
    private static final List<String> SEGMENTS = List.of(
            "%00",
            "a%00b",
            "%FF",
            "%C3%28",
            "%E2%80%AE",
            "%0A",
            "x".repeat(300),
            "..",
            "%2F",
            "UPPER",
            "-x",
            "default%20",
            "%25",
            "a;b",
            "\u00e9".repeat(1));

    private static final List<String> CONTENT_TYPES = List.of(
            "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=UTF-8",
            "application/x-www-form-urlencoded; charset=utf-16",
            "application/x-www-form-urlencoded;;;",
            "application/json",
            "application/json; charset=x",
            ";;;;",
            ";",
            "",
            "text/plain",
            "multipart/form-data; boundary=x",
            "\t",
            "application/x-www-form-urlencoded; " + "a=b;".repeat(500),
            "a/b/c/d");

    private static final String[] FORM_FRAGMENTS = {
        "grant_type=client_credentials",
        "grant_type=password",
        "&",
        "=",
        "%",
        "%zz",
        "%C3%28",
        "%00",
        "+",
        "scope=",
        "scope=orders.read",
        "scope=" + "s".repeat(5000),
        "resource=orders-api",
        "resource=%00",
        "client_id=orders-service",
        "client_id=reports-service",
        "client_id=" + "c".repeat(60_000),
        "client_id=a%00b",
        "client_secret=x",
        "client_secret=" + TestServer.REPORTS_SECRET,
        "token=",
        "token=a.b.c",
        "token=" + "t".repeat(10_000),
        "client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion=e30.e30.",
        "client_assertion=" + unsignedAssertion("{\"iss\":\"a\\u0000b\"}"),
        "client_assertion=" + unsignedAssertion("{\"iss\":\"" + "i".repeat(5000) + "\"}"),
        "client_assertion=" + unsignedAssertion("{\"iss\":\"orders-service\",\"jti\":\"\\u0000\"}"),
        "%E9",
        "\u00e9",
        "\uD83D\uDE00",
        "a=1&a=2",
        "&&&&",
        "x=" + "%41".repeat(3000)
    };

    private static final String[] JSON_FRAGMENTS = {
        "{",
        "}",
        "[",
        "]",
        "\"",
        "\\",
        ",",
        ":",
        "null",
        "1e999",
        "-0",
        "\"\\u0000\"",
        "\"\\ud800\"",
        "{\"id\":\"c\",\"audiences\":[\"a\"]}",
        "{\"id\":\"bad\\u0000id\",\"audiences\":[\"a\"]}",
        "{\"id\":\"" + "i".repeat(5000) + "\",\"audiences\":[\"a\"]}",
        "{\"id\":\"big\",\"audiences\":[\"a\"],\"scopes\":" + manyStrings("s", 5000) + "}",
        "{\"id\":\"wide\",\"audiences\":" + manyStrings("a", 50) + "}",
        "{\"id\":\"long-aud\",\"audiences\":[\"" + "a".repeat(9000) + "\"]}",
        "{\"id\":\"k\",\"auth_method\":\"private_key_jwt\",\"audiences\":[\"a\"],\"jwks_uri\":\"https://"
                + "h".repeat(3000) + "\"}",
        "{\"id\":\"k2\",\"auth_method\":\"private_key_jwt\",\"audiences\":[\"a\"],\"jwks\":{\"keys\":[{}]}}",
        "{\"id\":\"k3\",\"auth_method\":\"private_key_jwt\",\"audiences\":[\"a\"],\"jwks\":\"\\u0000\"}",
        "{\"name\":\"t\\u0000\"}",
        "{\"name\":\"" + "n".repeat(200) + "\"}",
        "{\"name\":\"ok-tenant\",\"algorithm\":\"\\u0000\"}",
        "{\"name\":\"ok-tenant2\",\"access_token_lifetime_seconds\":99999999999999999999}",
        "{\"name\":\"ok-tenant3\",\"access_token_lifetime_seconds\":-1}",
        "{\"id\":\"c2\",\"audiences\":[\"a\"],\"grants\":" + manyStrings("g", 200) + "}",
        "{\"id\":\"c3\",\"audiences\":[\"a\"],\"token_format\":\"\\u0000\"}",
        "\"id\":\"x\"",
        "\"audiences\":[1]",
        "{\"id\":[]}",
        "{\"id\":{}}"
    };

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void randomHostileRequestsToEveryEndpointNeverGetA500OrAStackTrace(String kind) throws Exception {
        long seed = Long.getLong("signet.fuzz.seed", new Random().nextLong());
        int requests = Integer.getInteger("signet.fuzz.requests", DEFAULT_REQUESTS);
        System.out.println("HostileInputFuzzTest on " + kind + ": seed " + seed + " (replay with -Dsignet.fuzz.seed="
                + seed + "), " + requests + " requests");
        Random random = new Random(seed);
        // ES256: the admin API's key rotations in the mix stay quick.
        String yaml =
                TestServer.STANDARD_TENANTS.replace("  - name: default\n", "  - name: default\n    algorithm: ES256\n");
        PrintStream original = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        try (TestServer server =
                TestServer.start(yaml, TestDatabases.create(kind).url(), dir)) {
            String adminCredential =
                    Files.readString(dir.resolve("admin-credential")).strip();
            String kid = server.server().keys().snapshot("default").active().kid();
            List<String> authorizations = authorizations(adminCredential);
            System.setErr(new PrintStream(new Tee(original, logged), true, StandardCharsets.UTF_8));
            try {
                for (int i = 0; i < requests; i++) {
                    Route route = ROUTES.get(random.nextInt(ROUTES.size()));
                    String method = random.nextInt(8) == 0 ? pick(random, METHODS) : route.method();
                    String path = route.path()
                            .replace("{tenant}", random.nextInt(4) == 0 ? pick(random, SEGMENTS) : "default")
                            .replace(
                                    "{client}",
                                    random.nextInt(3) == 0
                                            ? pick(random, SEGMENTS)
                                            : random.nextBoolean() ? "orders-service" : "nobody")
                            .replace("{kid}", random.nextInt(3) == 0 ? pick(random, SEGMENTS) : kid + "x");
                    if (random.nextInt(10) == 0) {
                        path += pick(random, List.of("?a=b", "?client_secret=x", "?%zz", "?" + "q".repeat(2000)));
                    }
                    List<String> headers = new ArrayList<>();
                    String type = route.form() ? "application/x-www-form-urlencoded" : "application/json";
                    if (random.nextInt(3) == 0) {
                        type = pick(random, CONTENT_TYPES);
                    }
                    if (!type.isEmpty()) {
                        headers.add("Content-Type: " + type);
                    }
                    boolean withAdmin = route.admin() && random.nextInt(3) != 0;
                    String auth = withAdmin ? "Bearer " + adminCredential : pick(random, authorizations);
                    if (!auth.isEmpty()) {
                        headers.add("Authorization: " + auth);
                    }
                    if (random.nextInt(6) == 0) {
                        headers.add(pick(
                                random,
                                List.of(
                                        "If-None-Match: " + "\"x\",".repeat(200),
                                        "If-None-Match: *",
                                        "Accept: \u00ff\u00fe",
                                        "X-Forwarded-For: 10.0.0.1",
                                        "Content-Type: text/plain",
                                        "Authorization: Basic Og==",
                                        "Cookie: " + "c=1;".repeat(500))));
                    }
                    byte[] body = body(random, route.form());
                    InetAddress from = RawHttp.loopback(random.nextInt(4) == 0 ? 3 : 1);
                    RawHttp.Response r = RawHttp.send(
                            server,
                            from,
                            method,
                            path,
                            headers,
                            method.equals("GET") && random.nextBoolean() ? null : body);
                    String what = "request " + i + " (seed " + seed + "): " + method + " " + clip(path) + " "
                            + headers.stream().map(HostileInputFuzzTest::clip).toList() + " "
                            + clip(new String(body, StandardCharsets.ISO_8859_1));
                    assertThat(r.status())
                            .as(what + "\n" + r.head() + "\n" + r.body())
                            .isBetween(200, 499);
                    assertThat(r.body()).as(what).doesNotContain("Exception").doesNotContain("\tat ");
                    String contentType = r.header("content-type");
                    if (r.status() >= 400
                            && contentType != null
                            && contentType.startsWith("application/json")
                            && !method.equals("HEAD")) {
                        JsonNode error = JSON.readTree(r.body());
                        assertThat(error.get("error").asString()).as(what).isNotBlank();
                        assertThat(error.get("error_description").asString())
                                .as(what)
                                .isNotBlank();
                    }
                }
            } finally {
                System.setErr(original);
            }
            String log = logged.toString(StandardCharsets.UTF_8);
            assertThat(log)
                    .as("logged while the requests ran (seed " + seed + ")")
                    .doesNotContain("Exception")
                    .doesNotContainPattern("(?m)^\\s+at [a-z]")
                    .doesNotContain("server_error");
            // And it still serves: a client registered now gets a token (the old ones may be disabled by now).
            RawHttp.Response registered = RawHttp.send(
                    server,
                    null,
                    "POST",
                    "/admin/tenants/default/clients",
                    List.of("Content-Type: application/json", "Authorization: Bearer " + adminCredential),
                    "{\"id\":\"after-fuzz\",\"audiences\":[\"a\"]}".getBytes(StandardCharsets.UTF_8));
            assertThat(registered.status()).as(registered.body()).isEqualTo(201);
            String secret =
                    JSON.readTree(registered.body()).get("client_secret").asString();
            RawHttp.Response token = RawHttp.send(
                    server,
                    null,
                    "POST",
                    "/tenants/default/token",
                    List.of(
                            "Content-Type: application/x-www-form-urlencoded",
                            TestServer.basic("after-fuzz", secret)[0] + ": "
                                    + TestServer.basic("after-fuzz", secret)[1]),
                    "grant_type=client_credentials".getBytes(StandardCharsets.US_ASCII));
            assertThat(token.status()).as(token.body()).isEqualTo(200);
        }
    }

    private static List<String> authorizations(String adminCredential) {
        List<String> a = new ArrayList<>(List.of(
                "",
                "Basic",
                "Basic ",
                "Basic ===",
                "Basic QQ==",
                "Basic Og==",
                "Bearer",
                "Bearer x",
                "Bearer " + "x".repeat(4000),
                "Bearer " + adminCredential + "x",
                "Digest a=b",
                "Basic " + "x".repeat(4000)));
        for (String[] idSecret : new String[][] {
            {"orders-service", TestServer.ORDERS_SECRET},
            {"orders-service", "wrong"},
            {"orders%00service", TestServer.ORDERS_SECRET},
            {"c".repeat(3000), "x"},
            {"%zz", "x"},
            {"reports-service", TestServer.REPORTS_SECRET},
            {"", ""}
        }) {
            String v = idSecret[0] + ":" + idSecret[1];
            a.add("Basic " + Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)));
        }
        a.add("Basic " + Base64.getEncoder().encodeToString(new byte[] {'a', 0, ':', 'b'}));
        a.add("Basic " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xC3, 0x28, ':', 'b'}));
        return a;
    }

    private static byte[] body(Random random, boolean form) {
        String[] fragments = random.nextInt(5) == 0
                ? (form ? JSON_FRAGMENTS : FORM_FRAGMENTS)
                : form ? FORM_FRAGMENTS : JSON_FRAGMENTS;
        StringBuilder b = new StringBuilder();
        int parts = random.nextInt(6);
        for (int p = 0; p < parts; p++) {
            if (form && p > 0 && random.nextBoolean()) {
                b.append('&');
            }
            b.append(fragments[random.nextInt(fragments.length)]);
        }
        byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(6) == 0 && bytes.length > 0) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256); // break the encoding
        }
        if (random.nextInt(40) == 0) {
            bytes = new byte[70_000]; // over the server's 64 KiB limit
        }
        return bytes;
    }

    private static String unsignedAssertion(String payload) {
        return Base64Url.encode("{\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + Base64Url.encode(payload.getBytes(StandardCharsets.UTF_8)) + ".AAAA";
    }

    private static String manyStrings(String prefix, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add("\"" + prefix + i + "\"");
        }
        return "[" + String.join(",", out) + "]";
    }

    private static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private static String clip(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...(" + s.length() + " chars)";
    }

    /** Writes to two streams: what the server logs still reaches the console, and is kept to be read. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }
}
