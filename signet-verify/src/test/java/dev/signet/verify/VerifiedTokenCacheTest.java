package dev.signet.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtClaims;
import dev.signet.jose.JwtSigner;
import dev.signet.verify.micrometer.MicrometerVerificationEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VerifiedTokenCacheTest {

    private KeyHost host;
    private final TestClock clock = new TestClock();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final VerificationEvents events = new VerificationEvents() {
        @Override
        public void accepted(String issuer, boolean fromCache) {
            seen.add((fromCache ? "cache " : "check ") + issuer);
        }

        @Override
        public void rejected(String issuer, TokenRejected.Reason reason) {
            seen.add("rejected " + issuer + " " + reason);
        }

        @Override
        public void keysFetched(URI uri) {
            seen.add("fetched " + uri.getPath());
        }

        @Override
        public void keysFetchFailed(URI uri, boolean refused) {
            seen.add("fetch failed " + uri.getPath());
        }
    };
    private Jwk key;
    private String issuer;

    @BeforeEach
    void start() throws Exception {
        host = new KeyHost();
        key = Jwk.generate(JwsAlgorithm.ES256).withKeyId("k1");
        host.body.set(JwkSet.of(key).toPublicSet().toJson());
        issuer = host.url("");
    }

    @AfterEach
    void stop() {
        host.close();
    }

    private TokenVerifier verifier(int cache) {
        return TokenVerifier.builder()
                .clock(clock)
                .cache(cache)
                .events(events)
                .issuer(Issuer.builder(issuer)
                        .jwksUri(host.url("/jwks"))
                        .audiences("orders-api")
                        .build())
                .build();
    }

    private String token(Jwk k, long lifetimeSeconds) throws Exception {
        Instant now = clock.instant();
        return JwtSigner.builder(k)
                .type("at+jwt")
                .build()
                .sign(JwtClaims.builder()
                        .issuer(issuer)
                        .subject("user-1")
                        .audience("orders-api")
                        .issuedAt(now)
                        .expiresAt(now.plusSeconds(lifetimeSeconds))
                        .claim("client_id", "web-app")
                        .build());
    }

    private static TokenRejected.Reason reason(TokenVerifier v, String token) {
        try {
            v.verify(token);
        } catch (TokenRejected e) {
            return e.reason();
        }
        throw new AssertionError("the token was accepted");
    }

    @Test
    void aTokenVerifiedOnceIsAnsweredFromTheCacheWithTheSamePrincipal() throws Exception {
        TokenVerifier v = verifier(100);
        String t = token(key, 300);
        Principal first = v.verify(t);
        Principal again = v.verify(t);
        assertThat(again).isSameAs(first);
        assertThat(seen).containsExactly("fetched /jwks", "check " + issuer, "cache " + issuer);
        // Without the cache, every call is a full check.
        seen.clear();
        TokenVerifier plain = verifier(0);
        plain.verify(t);
        plain.verify(t);
        assertThat(seen).filteredOn(s -> s.startsWith("cache")).isEmpty();
    }

    @Test
    void aTamperedCopyOfACachedTokenIsNotAnsweredFromTheCache() throws Exception {
        TokenVerifier v = verifier(100);
        String t = token(key, 300);
        v.verify(t);
        int at = t.lastIndexOf('.') + 10;
        String tampered = t.substring(0, at) + (t.charAt(at) == 'A' ? 'B' : 'A') + t.substring(at + 1);
        assertThat(reason(v, tampered)).isEqualTo(TokenRejected.Reason.BAD_SIGNATURE);
        assertThat(seen).last().isEqualTo("rejected " + issuer + " BAD_SIGNATURE");
    }

    @Test
    void aCachedTokenIsRefusedOnceItExpires() throws Exception {
        TokenVerifier v = verifier(100);
        String t = token(key, 60);
        v.verify(t);
        clock.advance(Duration.ofSeconds(59));
        v.verify(t);
        assertThat(seen).last().isEqualTo("cache " + issuer);
        // Past exp the cache no longer answers; the full check allows the issuer's skew, then refuses.
        clock.advance(Duration.ofSeconds(2));
        v.verify(t);
        assertThat(seen).last().isEqualTo("check " + issuer);
        clock.advance(Duration.ofMinutes(2));
        assertThat(reason(v, t)).isEqualTo(TokenRejected.Reason.EXPIRED);
    }

    @Test
    void aCachedTokenIsRefusedOnceItsKeyLeavesTheKeySet() throws Exception {
        TokenVerifier v = verifier(100);
        String t = token(key, 3600);
        v.verify(t);
        Jwk next = Jwk.generate(JwsAlgorithm.ES256).withKeyId("k2");
        host.body.set(JwkSet.of(next).toPublicSet().toJson());
        // Past the set's freshness, a refetch starts in the background; until it lands, the old set serves.
        clock.advance(Duration.ofMinutes(6));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        TokenRejected.Reason r = null;
        while (r == null && System.nanoTime() < deadline) {
            try {
                v.verify(t);
                Thread.sleep(20);
            } catch (TokenRejected e) {
                r = e.reason();
            }
        }
        assertThat(r).isEqualTo(TokenRejected.Reason.KEY_NOT_FOUND);
        assertThat(v.verify(token(next, 300)).subject()).isEqualTo("user-1");
    }

    @Test
    void outcomesAndFetchesBecomeCountersWithBoundedTags() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TokenVerifier v = TokenVerifier.builder()
                .clock(clock)
                .cache(10)
                .events(new MicrometerVerificationEvents(registry))
                .issuer(Issuer.builder(issuer)
                        .jwksUri(host.url("/jwks"))
                        .audiences("orders-api")
                        .build())
                .build();
        String t = token(key, 300);
        v.verify(t);
        v.verify(t);
        v.verify(t);
        reason(v, "not-a-token");
        Jwk stranger = Jwk.generate(JwsAlgorithm.ES256).withKeyId("k1");
        reason(
                v,
                JwtSigner.builder(stranger)
                        .build()
                        .sign(JwtClaims.builder()
                                .issuer("https://attacker.example/" + System.nanoTime())
                                .subject("x")
                                .build()));
        assertThat(count(registry, "accepted", "check", issuer)).isEqualTo(1);
        assertThat(count(registry, "accepted", "cache", issuer)).isEqualTo(2);
        assertThat(count(registry, "malformed", "check", "untrusted")).isEqualTo(1);
        assertThat(count(registry, "unknown_issuer", "check", "untrusted")).isEqualTo(1);
        assertThat(registry.get(MicrometerVerificationEvents.FETCHES)
                        .tag("host", "127.0.0.1")
                        .tag("outcome", "ok")
                        .counter()
                        .count())
                .isEqualTo(1);
        // No tag value came from a token: only configured issuers and "untrusted".
        assertThat(registry.find(MicrometerVerificationEvents.TOKENS).counters())
                .allSatisfy(c -> assertThat(c.getId().getTag("issuer")).isIn(issuer, "untrusted"));
    }

    private static double count(SimpleMeterRegistry r, String outcome, String source, String issuer) {
        return r.get(MicrometerVerificationEvents.TOKENS)
                .tag("issuer", issuer)
                .tag("outcome", outcome)
                .tag("source", source)
                .counter()
                .count();
    }

    @Test
    void theCacheBoundIsChecked() {
        assertThatThrownBy(() -> TokenVerifier.builder().cache(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenVerifier.builder().cache(TokenVerifier.MAX_CACHED_TOKENS + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
