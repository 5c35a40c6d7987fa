package dev.signet.server.oauth;

import static dev.signet.server.TestServer.ORDERS_SECRET;
import static dev.signet.server.TestServer.basic;
import static dev.signet.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtClaims;
import dev.signet.jose.JwtSigner;
import dev.signet.server.Secrets;
import dev.signet.server.TestDatabases;
import dev.signet.server.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private_key_jwt client whose jwks_uri host is slow or hostile, attacked with unauthenticated
 * token requests: the host sends its JWKS a byte every 200 ms (or answers 500). The server makes
 * one fetch, answers every request within the fetch deadline, and keeps issuing tokens to a
 * client_secret client meanwhile.
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileJwksUriTest {

    private static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final String TOKEN = "/tenants/default/token";

    @TempDir
    static Path dir;

    static HttpServer keyHost;
    static final ExecutorService keyHostThreads = Executors.newCachedThreadPool();
    static final Map<String, AtomicInteger> fetches = new TreeMap<>();
    static final AtomicInteger dripping = new AtomicInteger();
    static final CountDownLatch stopDripping = new CountDownLatch(1);
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        keyHost = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        for (String path : List.of("/drip", "/fail-garbage", "/fail-forged")) {
            fetches.put(path, new AtomicInteger());
        }
        keyHost.createContext("/drip", exchange -> {
            fetches.get("/drip").incrementAndGet();
            dripping.incrementAndGet();
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{\"keys\":[".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                // A byte every 200 ms for up to a minute: never a whole JWKS.
                for (int i = 0; i < 300 && !stopDripping.await(200, TimeUnit.MILLISECONDS); i++) {
                    out.write(' ');
                    out.flush();
                }
            } catch (IOException e) {
                // The server dropped the connection at its deadline.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                dripping.decrementAndGet();
            }
        });
        for (String path : List.of("/fail-garbage", "/fail-forged")) {
            keyHost.createContext(path, exchange -> {
                fetches.get(path).incrementAndGet();
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
            });
        }
        keyHost.setExecutor(keyHostThreads);
        keyHost.start();
        int port = keyHost.getAddress().getPort();
        String yaml = TestServer.STANDARD_TENANTS + """
                      - id: dripping-keys
                        auth-method: private_key_jwt
                        jwks-uri: http://127.0.0.1:%d/drip
                        audiences: [orders-api]
                      - id: garbage-target
                        auth-method: private_key_jwt
                        jwks-uri: http://127.0.0.1:%d/fail-garbage
                        audiences: [orders-api]
                      - id: forged-target
                        auth-method: private_key_jwt
                        jwks-uri: http://127.0.0.1:%d/fail-forged
                        audiences: [orders-api]
                """.formatted(port, port, port);
        server = TestServer.start(yaml, TestDatabases.sqlite().url(), dir);
    }

    @AfterAll
    static void stop() {
        stopDripping.countDown();
        server.close();
        keyHost.stop(0);
        keyHostThreads.shutdownNow();
    }

    /** A well-formed assertion for {@code client}, signed by a key the client never published. */
    private static String forgedAssertion(String client) throws Exception {
        Instant now = server.clock().instant();
        return JwtSigner.builder(Jwk.generate(JwsAlgorithm.ES256))
                .build()
                .sign(JwtClaims.builder()
                        .issuer(client)
                        .subject(client)
                        .audience(server.issuer())
                        .issuedAt(now)
                        .expiresAt(now.plusSeconds(60))
                        .jwtId(Secrets.randomId())
                        .build());
    }

    private static HttpResponse<String> withAssertion(String assertion, String... clientId) {
        List<String> form = new ArrayList<>(List.of(
                "grant_type", "client_credentials", "client_assertion_type", TYPE, "client_assertion", assertion));
        if (clientId.length > 0) {
            form.addAll(List.of("client_id", clientId[0]));
        }
        return server.postForm(TOKEN, form);
    }

    private record Answer(int status, String error, long millis) {}

    @Test
    @Order(1) // first: the failures of the other test would spend the loopback address's budget
    void twoHundredRequestsForAClientWithADrippingJwksUriMakeOneFetchAndAllGetAnAnswer() throws Exception {
        List<String> assertions = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            assertions.add(forgedAssertion("dripping-keys"));
        }
        ExecutorService attackers = Executors.newFixedThreadPool(200);
        AtomicBoolean attackOver = new AtomicBoolean();
        List<Long> normalMillis = new ArrayList<>();
        AtomicInteger normalWhileDripping = new AtomicInteger();
        Thread normal = new Thread(() -> {
            while (!attackOver.get()) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = server.postForm(
                        TOKEN, List.of("grant_type", "client_credentials"), basic("orders-service", ORDERS_SECRET));
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                synchronized (normalMillis) {
                    normalMillis.add(ms);
                }
                if (dripping.get() > 0) {
                    normalWhileDripping.incrementAndGet();
                }
            }
        });
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Answer>> answers = new ArrayList<>();
            for (String a : assertions) {
                answers.add(attackers.submit(() -> {
                    go.await();
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = withAssertion(a);
                    return new Answer(
                            r.statusCode(),
                            json(r).get("error").asString(),
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                }));
            }
            long start = System.nanoTime();
            go.countDown();
            normal.start();
            Map<String, Integer> byAnswer = new TreeMap<>();
            long slowest = 0;
            int waited = 0;
            for (Future<Answer> f : answers) {
                Answer a = f.get(30, TimeUnit.SECONDS);
                byAnswer.merge(a.status() + " " + a.error(), 1, Integer::sum);
                slowest = Math.max(slowest, a.millis());
                if (a.millis() >= 4_000) {
                    waited++;
                }
            }
            long total = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            attackOver.set(true);
            normal.join(10_000);
            System.out.printf(
                    "200 attack requests: %s, %d waited >= 4 s for the fetch, slowest %d ms, all answered in %d ms;"
                            + " fetches %d; normal client: %d tokens, %d while the fetch dripped, slowest %d ms%n",
                    byAnswer,
                    waited,
                    slowest,
                    total,
                    fetches.get("/drip").get(),
                    normalMillis.size(),
                    normalWhileDripping.get(),
                    normalMillis.stream().mapToLong(Long::longValue).max().orElse(-1));

            assertThat(fetches.get("/drip")).as("outbound fetches").hasValue(1);
            // Refused as a client authentication failure (429 once the failures' budget is spent), never a hang.
            assertThat(byAnswer.keySet()).isSubsetOf("401 invalid_client", "429 slow_down");
            assertThat(byAnswer.values().stream().mapToInt(Integer::intValue).sum())
                    .isEqualTo(200);
            // The fetch's deadline is 5 s; nobody waits much past it, and at most 32 callers wait at all.
            assertThat(slowest).isLessThan(9_000);
            assertThat(waited).isLessThanOrEqualTo(32);
            assertThat(normalWhileDripping.get())
                    .as("tokens for the normal client while the fetch was in flight")
                    .isGreaterThanOrEqualTo(3);
            assertThat(normalMillis.stream().mapToLong(Long::longValue).max().orElseThrow())
                    .isLessThan(3_000);
        } finally {
            attackOver.set(true);
            attackers.shutdownNow();
        }
        // The failure is remembered: more requests make no fetch and are answered at once.
        long t0 = System.nanoTime();
        HttpResponse<String> again = withAssertion(forgedAssertion("dripping-keys"));
        assertThat(again.statusCode()).isIn(401, 429);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        assertThat(fetches.get("/drip")).hasValue(1);
    }

    @Test
    @Order(2)
    void garbageAssertionsCauseNoFetchAndForgedOnesOne() throws Exception {
        List<String> garbage = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            garbage.add(
                    switch (i % 5) {
                        case 0 -> "not-a-jwt-" + i;
                        case 1 -> "eyJhbGciOiJFUzI1NiJ9.e30.c2ln"; // {} claims: no iss, no sub
                        case 2 ->
                            "eyJhbGciOiJub25lIn0.eyJpc3MiOiJnYXJiYWdlLXRhcmdldCIsInN1YiI6ImdhcmJhZ2UtdGFyZ2V0In0.";
                        case 3 -> forgedAssertion("someone-else"); // iss and sub name another client
                        default -> "a.b.c";
                    });
        }
        for (String g : garbage) {
            // client_id names the jwks_uri client: the assertion itself does not, or does not parse.
            assertThat(withAssertion(g, "garbage-target").statusCode()).isIn(401, 429);
        }
        assertThat(fetches.get("/fail-garbage"))
                .as("fetches caused by 50 garbage assertions")
                .hasValue(0);

        for (int i = 0; i < 50; i++) {
            assertThat(withAssertion(forgedAssertion("forged-target")).statusCode())
                    .isIn(401, 429);
        }
        assertThat(fetches.get("/fail-forged"))
                .as("fetches caused by 50 forged assertions")
                .hasValue(1);
    }
}
