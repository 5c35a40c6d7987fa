package dev.signet.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.JwsAlgorithm;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real HTTP server on loopback plays the key set host, well-behaved and hostile. */
class KeySetFetcherTest {

    private HttpServer server;
    private String base;
    private final AtomicInteger movedTargetHits = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch chunkedCut = new CountDownLatch(1);
    private String jwks;

    @BeforeEach
    void start() throws Exception {
        jwks = JwkSet.of(Jwk.generate(JwsAlgorithm.ES256)).toPublicSet().toJson();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks", ex -> answer(ex, 200, jwks.getBytes(StandardCharsets.UTF_8)));
        server.createContext("/moved", ex -> {
            ex.getResponseHeaders().add("Location", base + "/target");
            answer(ex, 302, new byte[0]);
        });
        server.createContext("/target", ex -> {
            movedTargetHits.incrementAndGet();
            answer(ex, 200, jwks.getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/missing", ex -> answer(ex, 404, new byte[0]));
        server.createContext("/huge", ex -> answer(ex, 200, new byte[KeySetFetcher.DEFAULT_MAX_BYTES + 1]));
        server.createContext("/huge-chunked", ex -> {
            // No Content-Length: the cap must hold while the body is read.
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 4096; i++) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                chunkedCut.countDown();
            }
        });
        server.createContext("/slow", ex -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(ex, 200, jwks.getBytes(StandardCharsets.UTF_8));
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Test
    void fetchesAndParsesAKeySetFromLoopback() throws Exception {
        JwkSet keys = KeySetFetcher.withDefaults().fetchKeys(URI.create(base + "/jwks"));
        assertThat(keys.toJson()).isEqualTo(jwks);
    }

    @Test
    void neverFollowsARedirectAndSaysWhereItPointed() {
        assertThatThrownBy(() -> KeySetFetcher.withDefaults().fetch(base + "/moved"))
                .isInstanceOfSatisfying(KeySetFetchException.class, e -> {
                    assertThat(e.status()).isEqualTo(302);
                    assertThat(e.location()).contains(base + "/target");
                })
                .hasMessageContaining("answered HTTP 302")
                .hasMessageContaining("redirects are not followed");
        assertThat(movedTargetHits).hasValue(0);
    }

    @Test
    void anErrorStatusIsAFailureWithTheStatus() {
        assertThatThrownBy(() -> KeySetFetcher.withDefaults().fetch(base + "/missing"))
                .isInstanceOfSatisfying(
                        KeySetFetchException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void refusesABodyOverTheCapWithoutParsingIt() {
        assertThatThrownBy(() -> KeySetFetcher.withDefaults().fetch(base + "/huge"))
                .isInstanceOf(KeySetFetchException.class)
                .hasMessageContaining("is over 524288 bytes");
    }

    @Test
    void aSmallerCapIsHonoured() {
        KeySetFetcher small = KeySetFetcher.builder().maxBytes(16).build();
        assertThatThrownBy(() -> small.fetch(base + "/jwks")).hasMessageContaining("is over 16 bytes");
    }

    @Test
    void aServerThatNeverAnswersTimesOut() {
        KeySetFetcher quick =
                KeySetFetcher.builder().timeout(Duration.ofMillis(300)).build();
        long start = System.nanoTime();
        assertThatThrownBy(() -> quick.fetch(base + "/slow"))
                .isInstanceOf(KeySetFetchException.class)
                .hasMessageContaining("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void aBodyThatDripsIsCutAtTheDeadlineAndItsConnectionDropped() throws Exception {
        try (KeyHost host = new KeyHost()) {
            KeySetFetcher quick =
                    KeySetFetcher.builder().timeout(Duration.ofMillis(500)).build();
            long start = System.nanoTime();
            assertThatThrownBy(() -> quick.fetch(host.url("/drip")))
                    .isInstanceOf(KeySetFetchException.class)
                    .hasMessageContaining("timed out: no complete answer within 500 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
            assertThat(host.dripCut.await(5, TimeUnit.SECONDS))
                    .as("the host's writes fail: the connection was dropped")
                    .isTrue();
        }
    }

    @Test
    void aBodyWithoutLengthIsCutAtTheCapWhileItIsRead() throws Exception {
        assertThatThrownBy(() -> KeySetFetcher.withDefaults().fetch(base + "/huge-chunked"))
                .isInstanceOf(KeySetFetchException.class)
                .hasMessageContaining("is over 524288 bytes");
        assertThat(chunkedCut.await(5, TimeUnit.SECONDS))
                .as("the rest of the 256 MiB is not read: the connection was dropped")
                .isTrue();
    }

    @Test
    void pastTheBoundOnFetchesInFlightAFetchFailsAtOnce() throws Exception {
        try (KeyHost host = new KeyHost()) {
            KeySetFetcher two = KeySetFetcher.builder().maxConcurrentFetches(2).build();
            var first = two.start(URI.create(host.url("/held")));
            var second = two.start(URI.create(host.url("/held")));
            long start = System.nanoTime();
            assertThatThrownBy(() -> two.fetch(host.url("/jwks")))
                    .isInstanceOfSatisfying(
                            KeySetFetchException.class,
                            e -> assertThat(e.isRefused()).isTrue())
                    .hasMessageContaining("2 key set fetches are already in flight");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
            host.release();
            first.get(5, TimeUnit.SECONDS);
            second.get(5, TimeUnit.SECONDS);
            // The places are given back when the fetches end.
            assertThat(two.fetch(host.url("/jwks"))).isNotEmpty();
            assertThat(host.requests).hasValue(3);
        }
    }

    @Test
    void plainHttpToAnotherHostIsRefusedBeforeAnyConnection() {
        assertThatThrownBy(() -> KeySetFetcher.withDefaults().fetch("http://example.com/jwks"))
                .isInstanceOf(KeySetFetchException.class)
                .hasMessageContaining("refusing to fetch keys over plain http");
    }

    @Test
    void urlRules() {
        assertThat(KeySetUrl.parse("https://issuer.example/jwks")).hasHost("issuer.example");
        assertThat(KeySetUrl.parse("http://localhost:8080/jwks")).hasPort(8080);
        assertThat(KeySetUrl.parse("http://[::1]:8080/jwks")).hasPort(8080);
        assertThat(KeySetUrl.parse("HTTP://LOCALHOST/jwks")).isNotNull();
        assertThatThrownBy(() -> KeySetUrl.parse("http://10.0.0.1/jwks")).hasMessageContaining("plain http");
        assertThatThrownBy(() -> KeySetUrl.parse("http://localhost.evil.example/jwks"))
                .hasMessageContaining("plain http");
        assertThatThrownBy(() -> KeySetUrl.parse("https://user:pw@issuer.example/jwks"))
                .hasMessageContaining("user name or password");
        assertThatThrownBy(() -> KeySetUrl.parse("https://issuer.example/jwks#x"))
                .hasMessageContaining("fragment");
        assertThatThrownBy(() -> KeySetUrl.parse("file:///etc/passwd")).hasMessageContaining("not an https URL");
        assertThatThrownBy(() -> KeySetUrl.parse("/jwks")).hasMessageContaining("not an https URL");
        assertThatThrownBy(() -> KeySetUrl.parse("https:// bad")).hasMessageContaining("not a valid URL");
        assertThat(KeySetUrl.isLoopback("127.0.0.1")).isTrue();
        assertThat(KeySetUrl.isLoopback("127.0.0.2")).isFalse();
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> KeySetFetcher.builder().timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeySetFetcher.builder().maxBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeySetFetcher.builder().maxConcurrentFetches(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeySetFetcher.builder().userAgent("a\nb"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
