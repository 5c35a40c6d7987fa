package dev.signet.server.http;

import static dev.signet.server.TestServer.ORDERS_SECRET;
import static dev.signet.server.TestServer.basic;
import static dev.signet.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.Base64Url;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtClaims;
import dev.signet.jose.JwtSigner;
import dev.signet.server.TestDatabases;
import dev.signet.server.TestServer;
import dev.signet.server.oauth.AuthenticationThrottle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * What an unauthenticated attacker sent a running server, replayed over loopback: client ids of
 * 60 KB, NUL bytes in ids and assertions, registrations with thousands of scopes, bursts of wrong
 * secrets, thousands of made-up HTTP methods. Each gets a defined 4xx answer, and the legitimate
 * client keeps working.
 */
class HostileClientsTest {

    private static final String TOKEN = "/tenants/default/token";
    private static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    @TempDir
    Path dir;

    static List<String> databases() {
        return TestDatabases.kinds();
    }

    @Test
    void clientIdsOf60KilobytesAreUnknownClientsAndTheServerKeepsAnswering() {
        try (TestServer server = TestServer.start(
                TestServer.STANDARD_TENANTS, TestDatabases.sqlite().url(), dir)) {
            java.util.Random random = new java.util.Random(1);
            for (int i = 0; i < 100; i++) {
                StringBuilder id = new StringBuilder(60_000);
                for (int c = 0; c < 60_000; c++) {
                    id.append((char) ('a' + random.nextInt(26)));
                }
                HttpResponse<String> r = server.postForm(
                        TOKEN,
                        List.of("grant_type", "client_credentials", "client_id", id.toString(), "client_secret", "x"));
                assertThat(r.statusCode()).as(r.body()).isIn(401, 429);
                assertThat(json(r).get("error").asString()).isIn("invalid_client", "slow_down");
                assertThat(r.body()).doesNotContain(id.substring(0, 100));
            }
            // The legitimate client, from the same address: its own budget is untouched.
            assertThat(server.ordersToken().get("access_token").asString()).isNotEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void nulBytesInClientIdsAssertionsAndPathsAre4xxBeforeTheDatabase(String kind) throws Exception {
        Jwk key = Jwk.generate(JwsAlgorithm.ES256);
        String yaml =
                TestServer.STANDARD_TENANTS + """
                      - id: signing-service
                        auth-method: private_key_jwt
                        jwks: '{"keys":[%s]}'
                        audiences: [orders-api]
                """.formatted(key.toPublicJwk().toJson());
        try (TestServer server =
                TestServer.start(yaml, TestDatabases.create(kind).url(), dir)) {
            // A NUL byte in a Basic client id (percent-encoded, as RFC 6749 §2.3.1 has it).
            assertInvalidClient(server.postForm(
                    TOKEN, List.of("grant_type", "client_credentials"), basic("orders\u0000service", ORDERS_SECRET)));
            assertInvalidClient(server.postForm(
                    TOKEN, List.of("grant_type", "client_credentials"), basic("x".repeat(5000), ORDERS_SECRET)));
            // A NUL byte in an (unsigned) assertion's iss, which names whose keys to verify with.
            String header = Base64Url.encode("{\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8));
            String payload = Base64Url.encode(
                    "{\"iss\":\"signing\\u0000service\",\"sub\":\"x\"}".getBytes(StandardCharsets.UTF_8));
            assertInvalidClient(assertion(server, header + "." + payload + ".AAAA"));
            // Signed with the client's own key, but a jti no column holds: too long, or with a NUL.
            for (String jti : List.of("j".repeat(300), "a\u0000b")) {
                Instant now = server.clock().instant();
                String signed = JwtSigner.builder(key)
                        .build()
                        .sign(JwtClaims.builder()
                                .issuer("signing-service")
                                .subject("signing-service")
                                .audience(server.issuer())
                                .issuedAt(now)
                                .expiresAt(now.plusSeconds(60))
                                .jwtId(jti)
                                .build());
                assertInvalidClient(assertion(server, signed));
            }
            // The admin API's client paths: no such client, not a database error.
            String admin = "Bearer "
                    + Files.readString(dir.resolve("admin-credential")).strip();
            for (String client : List.of("a%00b", "a%0Ab", "x".repeat(3000))) {
                RawHttp.Response r = RawHttp.send(
                        server,
                        null,
                        "POST",
                        "/admin/tenants/default/clients/" + client + "/disable",
                        List.of("Content-Type: application/json", "Authorization: " + admin),
                        new byte[0]);
                // Jetty refuses some paths itself (400: a NUL byte is ambiguous in a path); the rest are ours.
                assertThat(r.status()).as(r.body()).isIn(400, 404);
                if (r.status() == 404) {
                    assertThat(r.body()).contains("\"error\":\"not_found\"");
                }
            }
            // And the tenant in the path.
            HttpResponse<String> r = server.postForm(
                    "/tenants/" + "t".repeat(500) + "/token",
                    List.of("grant_type", "client_credentials"),
                    basic("orders-service", ORDERS_SECRET));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
            // Still answering, on the same database.
            assertThat(server.ordersToken().get("access_token").asString()).isNotEmpty();
        }
    }

    @Test
    void aRegistrationWithThousandsOfScopesOrAudiencesIsA400NamingTheLimit() throws IOException {
        try (TestServer server = TestServer.start(
                TestServer.STANDARD_TENANTS, TestDatabases.sqlite().url(), dir)) {
            String admin = "Bearer "
                    + Files.readString(dir.resolve("admin-credential")).strip();
            List<String> scopes = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                scopes.add("\"s" + i + "\"");
            }
            HttpResponse<String> r = register(
                    server,
                    admin,
                    "{\"id\":\"many\",\"audiences\":[\"a\"],\"scopes\":[" + String.join(",", scopes) + "]}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(json(r).get("error_description").asString())
                    .isEqualTo("scopes: 5000 scopes given; at most 50 are allowed");
            List<String> audiences = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                audiences.add("\"a" + i + "\"");
            }
            r = register(server, admin, "{\"id\":\"many\",\"audiences\":[" + String.join(",", audiences) + "]}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(json(r).get("error_description").asString())
                    .isEqualTo("audiences: 11 audiences given; at most 10 are allowed");
            r = register(
                    server, admin, "{\"id\":\"many\",\"audiences\":[\"a\"],\"scopes\":[\"" + "s".repeat(129) + "\"]}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(json(r).get("error_description").asString())
                    .startsWith("scopes: 'sss")
                    .contains("1 to 128");
            r = register(server, admin, "{\"id\":\"bad\\u0000id\",\"audiences\":[\"a\"]}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(json(r).get("error_description").asString()).startsWith("id: 'bad?id' is not allowed");
            // The limits themselves are allowed, and fit the columns of either database.
            scopes = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                scopes.add("\"" + String.format(Locale.ROOT, "%03d", i) + "s".repeat(125) + "\"");
            }
            r = register(
                    server,
                    admin,
                    "{\"id\":\"fifty\",\"audiences\":[\"a\"],\"scopes\":[" + String.join(",", scopes) + "]}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
    }

    @Test
    void aBurstOfWrongSecretsIsThrottledWhileTheClientItselfGetsThrough() throws IOException {
        try (TestServer server = TestServer.start(
                TestServer.STANDARD_TENANTS, TestDatabases.sqlite().url(), dir)) {
            InetAddress attacker = RawHttp.loopback(2);
            String wrong = basic("orders-service", "wrong-" + ORDERS_SECRET)[1];
            int attempts = 200;
            List<Integer> statuses = new ArrayList<>();
            String retryAfter = null;
            long started = System.nanoTime();
            for (int i = 0; i < attempts; i++) {
                RawHttp.Response r = rawTokenRequest(server, attacker, wrong);
                statuses.add(r.status());
                if (r.status() == 429) {
                    retryAfter = r.header("retry-after");
                    assertThat(r.body()).contains("\"error\":\"slow_down\"");
                }
            }
            long seconds = (System.nanoTime() - started) / 1_000_000_000L + 1;
            // The budget, then 429 with Retry-After: one more checked (and 401) per second of refill.
            assertThat(statuses.subList(0, AuthenticationThrottle.BURST)).containsOnly(401);
            assertThat(statuses.stream().filter(s -> s == 401).count())
                    .isLessThanOrEqualTo(
                            AuthenticationThrottle.BURST + (long) (seconds * AuthenticationThrottle.REFILL_PER_SECOND));
            assertThat(statuses).containsOnly(401, 429);
            assertThat(retryAfter).isNotNull().matches("[1-9]\\d*");
            // The client under attack, from its own address: checked, and answered.
            assertThat(server.ordersToken().get("access_token").asString()).isNotEmpty();

            // The audit holds a few rows that count every failure, not a row per failure.
            String admin = "Bearer "
                    + Files.readString(dir.resolve("admin-credential")).strip();
            JsonNode events = json(server.get("/admin/tenants/default/audit", "Authorization", admin))
                    .get("events");
            int rows = 0;
            long counted = 0;
            for (JsonNode e : events.values()) {
                String type = e.get("type").asString();
                if (!"orders-service".equals(e.get("subject").asString(null))) {
                    continue;
                }
                if (type.equals("client.authentication_failed")) {
                    rows++;
                    counted++;
                } else if (type.equals("client.authentication_failed.summary")) {
                    rows++;
                    Matcher m = Pattern.compile("count=(\\d+) ")
                            .matcher(e.get("detail").asString());
                    assertThat(m.find()).isTrue();
                    counted += Long.parseLong(m.group(1));
                }
            }
            assertThat(counted).isEqualTo(attempts);
            assertThat(rows).isLessThanOrEqualTo(20);
            String metrics = server.get("/metrics").body();
            assertThat(metrics)
                    .containsPattern("signet_client_authentication_throttled_total\\{tenant=\"default\"} [1-9]");
        }
    }

    @Test
    void thousandsOfMadeUpMethodsShareOneMetricsLabel() {
        try (TestServer server = TestServer.start(
                TestServer.STANDARD_TENANTS, TestDatabases.sqlite().url(), dir)) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            for (int i = 0; i < 2000; i++) {
                java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(server.server().localUrl() + "/tenants/default/jwks"))
                        .method("M" + i, java.net.http.HttpRequest.BodyPublishers.noBody())
                        .build();
                try {
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).isBetween(400, 499);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            HttpResponse<String> scrape = server.get("/metrics");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body())
                    .contains("method=\"OTHER\"")
                    .doesNotContain("method=\"M1")
                    .hasSizeLessThan(200_000);
        }
    }

    private static HttpResponse<String> register(TestServer server, String admin, String json) {
        return server.postRaw(
                "/admin/tenants/default/clients",
                "application/json",
                json.getBytes(StandardCharsets.UTF_8),
                "Authorization",
                admin);
    }

    private static HttpResponse<String> assertion(TestServer server, String assertion) {
        return server.postForm(
                TOKEN,
                List.of(
                        "grant_type",
                        "client_credentials",
                        "client_assertion_type",
                        TYPE,
                        "client_assertion",
                        assertion));
    }

    private static void assertInvalidClient(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(json(r).get("error").asString()).isEqualTo("invalid_client");
    }

    /** A token request sent from {@code local} (another loopback address than the test's own client). */
    private static RawHttp.Response rawTokenRequest(TestServer server, InetAddress local, String authorization) {
        return RawHttp.send(
                server,
                local,
                "POST",
                TOKEN,
                List.of("Content-Type: application/x-www-form-urlencoded", "Authorization: " + authorization),
                "grant_type=client_credentials".getBytes(StandardCharsets.US_ASCII));
    }
}
