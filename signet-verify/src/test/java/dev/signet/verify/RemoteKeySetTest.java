package dev.signet.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.jose.Curve;
import dev.signet.jose.JoseException;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtClaims;
import dev.signet.jose.JwtSigner;
import dev.signet.jose.JwtVerifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cache, single flight, cool-down and stale rules of a remote key set, against a loopback host. */
class RemoteKeySetTest {

    private KeyHost host;
    private final TestClock clock = new TestClock();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private Jwk key;

    @BeforeEach
    void start() throws Exception {
        host = new KeyHost();
        key = Jwk.generate(JwsAlgorithm.ES256);
        host.body.set(JwkSet.of(key).toPublicSet().toJson());
    }

    @AfterEach
    void stop() {
        callers.shutdownNow();
        host.close();
    }

    private RemoteKeySets sets(KeySetFetcher fetcher, int maxWaiters) {
        return RemoteKeySets.builder()
                .fetcher(fetcher)
                .clock(clock)
                .maxWaiters(maxWaiters)
                .problems(problems::add)
                .build();
    }

    private RemoteKeySets sets() {
        return sets(KeySetFetcher.withDefaults(), RemoteKeySets.DEFAULT_MAX_WAITERS);
    }

    /** Runs {@code n} callers of {@code keys()} at once; each result is the set or the exception. */
    private List<Object> concurrently(int n, RemoteKeySet set) throws Exception {
        List<Future<Object>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(callers.submit(() -> {
                try {
                    return set.keys();
                } catch (KeySetFetchException e) {
                    return e;
                }
            }));
        }
        List<Object> out = new ArrayList<>();
        for (Future<Object> f : futures) {
            out.add(f.get(15, TimeUnit.SECONDS));
        }
        return out;
    }

    private static void awaitValue(java.util.concurrent.atomic.AtomicInteger counter, int value) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (counter.get() < value && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertThat(counter).hasValue(value);
    }

    @Test
    void oneUrlIsOneKeySet() {
        RemoteKeySets sets = sets();
        assertThat(sets.get(host.url("/jwks"))).isSameAs(sets.get(host.url("/jwks")));
        assertThat(sets.get(host.url("/jwks"))).isNotSameAs(sets.get(host.url("/fail")));
        assertThatThrownBy(() -> sets.get("http://keys.example/jwks")).hasMessageContaining("plain http");
    }

    @Test
    void concurrentCallersShareOneFetch() throws Exception {
        RemoteKeySet set = sets().get(host.url("/held"));
        List<Future<Object>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(callers.submit(() -> (Object) set.keys()));
        }
        awaitValue(host.requests, 1);
        Thread.sleep(200);
        host.release();
        for (Future<Object> f : futures) {
            assertThat(((JwkSet) f.get(10, TimeUnit.SECONDS)).keys()).containsExactly(key.toPublicJwk());
        }
        assertThat(host.requests).as("20 callers, one fetch").hasValue(1);
        // Fresh now: no further fetch.
        set.keys();
        assertThat(host.requests).hasValue(1);
    }

    @Test
    void callersPastTheBoundOfWaitersFailAtOnce() throws Exception {
        RemoteKeySet set = sets(KeySetFetcher.withDefaults(), 4).get(host.url("/held"));
        List<Future<Object>> waiting = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waiting.add(callers.submit(() -> (Object) set.keys()));
        }
        awaitValue(host.requests, 1);
        Thread.sleep(200);
        long start = System.nanoTime();
        List<Object> late = concurrently(6, set);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(late)
                .allSatisfy(o -> assertThat(o)
                        .isInstanceOfSatisfying(
                                KeySetFetchException.class,
                                e -> assertThat(e.isRefused()).isTrue()));
        assertThat(problems).as("one line for the refusals, not six").hasSize(1);
        assertThat(problems.get(0)).contains("4 callers already wait");
        host.release();
        for (Future<Object> f : waiting) {
            assertThat(f.get(10, TimeUnit.SECONDS)).isInstanceOf(JwkSet.class);
        }
        assertThat(host.requests).hasValue(1);
    }

    @Test
    void aDrippingHostHoldsNoCallerPastTheDeadline() throws Exception {
        KeySetFetcher quick =
                KeySetFetcher.builder().timeout(Duration.ofMillis(500)).build();
        RemoteKeySet set = sets(quick, 32).get(host.url("/drip"));
        long start = System.nanoTime();
        List<Object> results = concurrently(32, set);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        assertThat(results)
                .allSatisfy(o -> assertThat(o)
                        .isInstanceOfSatisfying(
                                KeySetFetchException.class,
                                e -> assertThat(e.getMessage()).contains("timed out")));
        assertThat(host.requests).hasValue(1);
    }

    @Test
    void aFailureIsRememberedForTheCoolDown() throws Exception {
        RemoteKeySet set = sets().get(host.url("/fail"));
        for (int i = 0; i < 50; i++) {
            assertThatThrownBy(set::keys)
                    .isInstanceOfSatisfying(
                            KeySetFetchException.class,
                            e -> assertThat(e.status()).isEqualTo(500));
        }
        assertThat(host.requests).as("50 callers, one fetch").hasValue(1);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).contains("answered HTTP 500").contains("no keys to serve");
        clock.advance(RemoteKeySets.DEFAULT_COOL_DOWN.minusSeconds(1));
        assertThatThrownBy(set::keys).hasMessageContaining("not fetched again before");
        assertThat(host.requests).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(set::keys).isInstanceOf(KeySetFetchException.class);
        assertThat(host.requests).as("the cool-down is over: one more fetch").hasValue(2);
    }

    @Test
    void anUnknownKidCausesAtMostOneFetchPerCoolDown() throws Exception {
        RemoteKeySet set = sets().get(host.url("/jwks"));
        assertThat(set.keys().keys()).hasSize(1);
        for (int i = 0; i < 50; i++) {
            assertThat(set.keys("made-up-" + i).byKeyId("made-up-" + i)).isEmpty();
        }
        assertThat(host.requests).as("fetched just now: no refetch yet").hasValue(1);

        // The issuer adds a key; once the cool-down has passed, its kid brings it in with one fetch.
        Jwk added = Jwk.generate(JwsAlgorithm.ES256);
        host.body.set(JwkSet.of(key, added).toPublicSet().toJson());
        clock.advance(RemoteKeySets.DEFAULT_COOL_DOWN);
        assertThat(set.keys(added.keyId()).byKeyId(added.keyId())).hasSize(1);
        for (int i = 0; i < 50; i++) {
            set.keys("made-up-" + i);
        }
        assertThat(host.requests).hasValue(2);
        clock.advance(RemoteKeySets.DEFAULT_COOL_DOWN);
        for (int i = 0; i < 50; i++) {
            set.keys("made-up-" + i);
        }
        assertThat(host.requests).hasValue(3);
    }

    @Test
    void theLastGoodSetIsServedWhileFetchesFailForTheStalePeriod() throws Exception {
        RemoteKeySets sets = RemoteKeySets.builder()
                .clock(clock)
                .maxStale(Duration.ofMinutes(10))
                .problems(problems::add)
                .build();
        RemoteKeySet set = sets.get(host.url("/jwks"));
        set.keys();
        host.body.set("not json");
        clock.advance(RemoteKeySets.DEFAULT_FRESH_FOR.plusSeconds(1));
        // Past freshness: the old set at once, and a fetch in the background (which fails).
        assertThat(set.keys().keys()).containsExactly(key.toPublicJwk());
        awaitValue(host.requests, 2);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (problems.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).contains("is not a JWK Set").contains("serving the keys fetched at");
        // Within the cool-down the stale set is served without a fetch.
        for (int i = 0; i < 20; i++) {
            assertThat(set.keys().keys()).containsExactly(key.toPublicJwk());
        }
        assertThat(host.requests).hasValue(2);
        // Past the stale period, with the host still failing, there are no keys.
        clock.advance(Duration.ofMinutes(10));
        assertThatThrownBy(set::keys).hasMessageContaining("is not a JWK Set");
        assertThat(host.requests).hasValue(3);
    }

    @Test
    void cacheControlMaxAgeIsHonouredWithinItsClamp() throws Exception {
        assertThat(RemoteKeySet.freshFor(null)).isEqualTo(Duration.ofMinutes(5));
        assertThat(RemoteKeySet.freshFor("public, max-age=600")).isEqualTo(Duration.ofMinutes(10));
        assertThat(RemoteKeySet.freshFor("max-age=\"120\"")).isEqualTo(Duration.ofMinutes(2));
        assertThat(RemoteKeySet.freshFor("max-age=5")).isEqualTo(Duration.ofMinutes(1));
        assertThat(RemoteKeySet.freshFor("max-age=0")).isEqualTo(Duration.ofMinutes(1));
        assertThat(RemoteKeySet.freshFor("no-store")).isEqualTo(Duration.ofMinutes(1));
        assertThat(RemoteKeySet.freshFor("max-age=31536000")).isEqualTo(Duration.ofHours(24));
        assertThat(RemoteKeySet.freshFor("max-age=99999999999999999999")).isEqualTo(Duration.ofMinutes(5));
        assertThat(RemoteKeySet.freshFor("max-age=-1")).isEqualTo(Duration.ofMinutes(5));
        assertThat(RemoteKeySet.freshFor("public")).isEqualTo(Duration.ofMinutes(5));

        // Served with a day and a half: kept fresh for 24 h, then fetched again.
        host.cacheControl.set("max-age=129600");
        RemoteKeySet set = sets().get(host.url("/jwks"));
        set.keys();
        clock.advance(Duration.ofHours(24).minusSeconds(1));
        set.keys();
        assertThat(host.requests).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        set.keys();
        awaitValue(host.requests, 2);

        // Served with 5 s: kept for a minute all the same.
        host.cacheControl.set("max-age=5");
        RemoteKeySet other = sets().get(host.url("/jwks"));
        other.keys();
        int before = host.requests.get();
        clock.advance(Duration.ofSeconds(59));
        other.keys();
        assertThat(host.requests).hasValue(before);
    }

    @Test
    void keysNotFitToVerifySignaturesAreIgnored() throws Exception {
        Jwk good = Jwk.generate(JwsAlgorithm.ES256);
        Jwk rsa = Jwk.generate(JwsAlgorithm.RS256);
        String set = "{\"keys\":["
                + String.join(
                        ",",
                        good.toPublicJwk().toJson(),
                        rsa.toPublicJwk()
                                .withKeyId("enc")
                                .withUse("enc")
                                .withAlgorithm(null)
                                .toJson(),
                        rsa.toPublicJwk()
                                .withKeyId("ops")
                                .withUse(null)
                                .withAlgorithm(null)
                                .withKeyOps(List.of("encrypt"))
                                .toJson(),
                        rsa.toPublicJwk()
                                .withKeyId("oaep")
                                .withUse(null)
                                .withAlgorithm("RSA-OAEP")
                                .toJson(),
                        Jwk.generate(JwsAlgorithm.ES256).withKeyId("private").toJson(),
                        Jwk.generate(JwsAlgorithm.HS256).withKeyId("secret").toJson(),
                        Jwk.generate(Curve.X25519)
                                .toPublicJwk()
                                .withKeyId("ecdh")
                                .toJson())
                + "]}";
        host.body.set(set);
        JwkSet keys = sets().get(host.url("/jwks")).keys();
        assertThat(keys.keys()).containsExactly(good.toPublicJwk());
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0))
                .contains("ignored 6 not fit to verify signatures")
                .contains("kid enc (use enc)")
                .contains("kid ops (key_ops without verify)")
                .contains("kid oaep (alg RSA-OAEP is not a signature algorithm)")
                .contains("kid private (holds a private key)")
                .contains("kid secret (a symmetric key)")
                .contains("kid ecdh (a key-agreement curve)");
    }

    @Test
    void aFetchRefusedByTheGlobalBoundStartsNoCoolDown() throws Exception {
        RemoteKeySets sets =
                sets(KeySetFetcher.builder().maxConcurrentFetches(1).build(), 32);
        Future<JwkSet> held = callers.submit(() -> sets.get(host.url("/held")).keys());
        awaitValue(host.requests, 1);
        RemoteKeySet other = sets.get(host.url("/jwks"));
        assertThatThrownBy(other::keys)
                .isInstanceOfSatisfying(
                        KeySetFetchException.class,
                        e -> assertThat(e.isRefused()).isTrue());
        host.release();
        held.get(10, TimeUnit.SECONDS);
        // Nothing was tried, so nothing cools down: the next caller fetches.
        assertThat(other.keys().keys()).hasSize(1);
        assertThat(host.requests).hasValue(2);
    }

    @Test
    void aVerifierTakesTheRemoteSetAsItsKeySource() throws Exception {
        RemoteKeySet set = sets().get(host.url("/jwks"));
        Instant now = Instant.now();
        String token = JwtSigner.builder(key)
                .build()
                .sign(JwtClaims.builder()
                        .issuer("https://issuer.example")
                        .audience("api")
                        .expiresAt(now.plusSeconds(60))
                        .build());
        JwtVerifier verifier = JwtVerifier.builder(set)
                .issuer("https://issuer.example")
                .audiences(List.of("api"))
                .algorithms(List.of(JwsAlgorithm.ES256))
                .build();
        assertThat(verifier.verify(token).claims().issuer()).isEqualTo("https://issuer.example");

        RemoteKeySet down = sets().get(host.url("/fail"));
        JwtVerifier unverifiable = JwtVerifier.builder(down)
                .issuer("https://issuer.example")
                .audiences(List.of("api"))
                .algorithms(List.of(JwsAlgorithm.ES256))
                .build();
        assertThatThrownBy(() -> unverifiable.verify(token))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(JoseException.Reason.KEY_NOT_FOUND))
                .hasMessageContaining("answered HTTP 500");
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> RemoteKeySets.builder().coolDown(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RemoteKeySets.builder().maxStale(Duration.ofDays(8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RemoteKeySets.builder().maxWaiters(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
