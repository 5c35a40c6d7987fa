package dev.signet.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IntrospectorTest {

    private static final String ISS = "https://auth.example/tenants/default";
    private static final String SECRET = "s3cret: with & odd = characters";

    private HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final List<String> authorizations = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private final TestClock clock = new TestClock();
    private final Issuer issuer = Issuer.builder(ISS).audiences("orders-api").build();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/introspect", ex -> {
            calls.incrementAndGet();
            authorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
            String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String token = null;
            for (String p : form.split("&", -1)) {
                if (p.startsWith("token=")) {
                    token = URLDecoder.decode(p.substring(6), StandardCharsets.UTF_8);
                }
            }
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            KeyHost.answer(
                    ex, 200, answers.getOrDefault(token, "{\"active\":false}").getBytes(StandardCharsets.UTF_8));
        });
        server.setExecutor(pool);
        server.start();
    }

    @AfterEach
    void stop() {
        hold.countDown();
        server.stop(0);
        pool.shutdownNow();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/introspect";
    }

    private Introspector introspector() {
        return Introspector.builder(issuer, url(), "orders-api", SECRET)
                .clock(clock)
                .build();
    }

    private String active(String extra) {
        long exp = clock.instant().plusSeconds(600).getEpochSecond();
        return "{\"active\":true,\"iss\":\"" + ISS + "\",\"sub\":\"user-1\",\"client_id\":\"web-app\","
                + "\"scope\":\"orders.read\",\"aud\":\"orders-api\",\"exp\":" + exp + extra + "}";
    }

    private static TokenRejected.Reason reason(Introspector i, String token) {
        try {
            i.introspect(token);
        } catch (TokenRejected e) {
            return e.reason();
        }
        throw new AssertionError("accepted");
    }

    @Test
    void anActiveTokenGivesItsPrincipalAndTheAnswerIsReusedForTheCachePeriod() throws Exception {
        answers.put("opaque-1", active(""));
        Introspector i = introspector();
        Principal p = i.introspect("opaque-1");
        assertThat(p.subject()).isEqualTo("user-1");
        assertThat(p.clientId()).isEqualTo("web-app");
        assertThat(p.scopes()).containsExactly("orders.read");
        String basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString(("orders-api:" + java.net.URLEncoder.encode(SECRET, StandardCharsets.UTF_8))
                                .getBytes(StandardCharsets.UTF_8));
        assertThat(authorizations).containsExactly(basic);
        i.introspect("opaque-1");
        assertThat(calls).as("cached").hasValue(1);
        clock.advance(Introspector.DEFAULT_CACHE_FOR);
        i.introspect("opaque-1");
        assertThat(calls).as("asked again once the cache period is over").hasValue(2);
    }

    @Test
    void aRevocationIsSeenOnceTheCachedAnswerEnds() throws Exception {
        answers.put("opaque-1", active(""));
        Introspector i = introspector();
        i.introspect("opaque-1");
        answers.put("opaque-1", "{\"active\":false}");
        clock.advance(Introspector.DEFAULT_CACHE_FOR.minusSeconds(1));
        assertThat(i.introspect("opaque-1").subject()).isEqualTo("user-1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(reason(i, "opaque-1")).isEqualTo(TokenRejected.Reason.INACTIVE);
        Introspector uncached = Introspector.builder(issuer, url(), "orders-api", SECRET)
                .clock(clock)
                .cacheFor(Duration.ZERO)
                .build();
        assertThat(reason(uncached, "opaque-1"))
                .as("cacheFor 0: every call asks")
                .isEqualTo(TokenRejected.Reason.INACTIVE);
    }

    @Test
    void anAnswerIsNeverReusedBeyondTheTokensExpiry() throws Exception {
        long exp = clock.instant().plusSeconds(5).getEpochSecond();
        answers.put("short", "{\"active\":true,\"iss\":\"" + ISS + "\",\"sub\":\"u\",\"exp\":" + exp + "}");
        Introspector i = introspector();
        i.introspect("short");
        clock.advance(Duration.ofSeconds(6));
        // The cached answer ended at exp; the endpoint, still saying active, is asked again, and exp is checked.
        i.introspect("short");
        assertThat(calls).hasValue(2);
        clock.advance(Duration.ofSeconds(60));
        assertThat(reason(i, "short")).isEqualTo(TokenRejected.Reason.EXPIRED);
    }

    @Test
    void concurrentCallsForOneTokenShareOneRequest() throws Exception {
        answers.put("opaque-1", active(""));
        hold = new CountDownLatch(1);
        Introspector i = introspector();
        List<Future<Principal>> results = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            results.add(pool.submit(() -> i.introspect("opaque-1")));
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (calls.get() < 1 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        Thread.sleep(200);
        hold.countDown();
        for (Future<Principal> f : results) {
            assertThat(f.get(10, TimeUnit.SECONDS).subject()).isEqualTo("user-1");
        }
        assertThat(calls).as("20 callers, one request").hasValue(1);
    }

    @Test
    void answersThatDoNotFitTheIssuerAreRefused() throws Exception {
        answers.put("other-iss", active("").replace(ISS, "https://evil.example"));
        answers.put("other-aud", active("").replace("\"aud\":\"orders-api\"", "\"aud\":[\"billing-api\"]"));
        answers.put("no-active", "{\"sub\":\"u\"}");
        answers.put("string-active", "{\"active\":\"true\"}");
        answers.put("not-json", "<html>");
        Introspector i = introspector();
        assertThat(reason(i, "other-iss")).isEqualTo(TokenRejected.Reason.INVALID);
        assertThat(reason(i, "other-aud")).isEqualTo(TokenRejected.Reason.WRONG_AUDIENCE);
        assertThat(reason(i, "no-active")).isEqualTo(TokenRejected.Reason.INTROSPECTION_FAILED);
        assertThat(reason(i, "string-active")).isEqualTo(TokenRejected.Reason.INTROSPECTION_FAILED);
        assertThat(reason(i, "not-json")).isEqualTo(TokenRejected.Reason.INTROSPECTION_FAILED);
        assertThat(reason(i, "unknown")).isEqualTo(TokenRejected.Reason.INACTIVE);
    }

    @Test
    void hostileTokensAreRefusedWithoutAsking() {
        Introspector i = introspector();
        for (String t : new String[] {
            null,
            "",
            "a b",
            "a\u0000b",
            "a\r\nX-Injected: 1",
            "é",
            "x".repeat(TokenVerifier.DEFAULT_MAX_TOKEN_LENGTH + 1)
        }) {
            assertThat(reason(i, t)).isEqualTo(TokenRejected.Reason.MALFORMED);
        }
        assertThat(calls).hasValue(0);
    }

    @Test
    void anUnreachableEndpointFailsWithinTheDeadlineAndIsNotCached() throws Exception {
        server.stop(0);
        Introspector i = Introspector.builder(issuer, url(), "orders-api", SECRET)
                .clock(clock)
                .fetcher(KeySetFetcher.builder().timeout(Duration.ofSeconds(1)).build())
                .build();
        assertThat(reason(i, "opaque-1")).isEqualTo(TokenRejected.Reason.INTROSPECTION_FAILED);
        assertThatThrownBy(() -> Introspector.builder(issuer, "http://auth.example/introspect", "a", "b"))
                .hasMessageContaining("plain http");
    }
}
