package dev.signet.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.jose.Base64Url;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtClaims;
import dev.signet.jose.JwtSigner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {

    private KeyHost host;
    private KeyHost other;
    private final TestClock clock = new TestClock();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private Jwk key;
    private String issuer;

    @BeforeEach
    void start() throws Exception {
        host = new KeyHost();
        other = new KeyHost();
        key = Jwk.generate(JwsAlgorithm.ES256).withKeyId("k1");
        host.body.set(JwkSet.of(key).toPublicSet().toJson());
        issuer = host.url("");
        host.metadata.set("{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + host.url("/jwks")
                + "\",\"id_token_signing_alg_values_supported\":[\"ES256\",\"HS256\"]}");
    }

    @AfterEach
    void stop() {
        host.close();
        other.close();
    }

    private RemoteKeySets sets() {
        return RemoteKeySets.builder().clock(clock).problems(problems::add).build();
    }

    private TokenVerifier verifier(Issuer... issuers) {
        TokenVerifier.Builder b = TokenVerifier.builder().clock(clock).keySets(sets());
        for (Issuer i : issuers) {
            b.issuer(i);
        }
        return b.build();
    }

    private Issuer discovered() {
        return Issuer.builder(issuer).audiences("orders-api").tenant("acme").build();
    }

    private JwtClaims.Builder claims(String iss) {
        Instant now = clock.instant();
        return JwtClaims.builder()
                .issuer(iss)
                .subject("user-1")
                .audience("orders-api")
                .issuedAt(now)
                .expiresAt(now.plusSeconds(300))
                .claim("client_id", "web-app");
    }

    private static String sign(Jwk k, JwtClaims c) throws Exception {
        return JwtSigner.builder(k).type("at+jwt").build().sign(c);
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
    void aTokenOfADiscoveredIssuerVerifiesIntoAPrincipal() throws Exception {
        TokenVerifier v = verifier(discovered());
        Instant signedIn = clock.instant().minusSeconds(30);
        Principal p = v.verify(sign(
                key,
                claims(issuer)
                        .claim("scope", "orders.read profile")
                        .claim("scp", List.of("orders.write"))
                        .claim("acr", "urn:signet:acr:mfa")
                        .claim("amr", List.of("pwd", "otp"))
                        .claim("auth_time", signedIn.getEpochSecond())
                        .build()));
        assertThat(p.subject()).isEqualTo("user-1");
        assertThat(p.clientId()).isEqualTo("web-app");
        assertThat(p.issuer()).isEqualTo(issuer);
        assertThat(p.tenant()).isEqualTo("acme");
        assertThat(p.scopes()).containsExactlyInAnyOrder("orders.read", "profile", "orders.write");
        assertThat(p.acr()).isEqualTo("urn:signet:acr:mfa");
        assertThat(p.amr()).containsExactly("pwd", "otp");
        assertThat(p.authTime()).isEqualTo(Instant.ofEpochSecond(signedIn.getEpochSecond()));
        assertThat(host.metadataRequests).hasValue(1);
        // The metadata is read once, the keys fetched once, for every later token.
        for (int i = 0; i < 20; i++) {
            v.verify(sign(key, claims(issuer).build()));
        }
        assertThat(host.requests).as("one metadata and one key set fetch").hasValue(2);
    }

    @Test
    void anUnknownIssuerIsRefusedBeforeAnyKeyIsLookedUp() throws Exception {
        TokenVerifier v = verifier(discovered());
        assertThat(reason(v, sign(key, claims("https://evil.example").build())))
                .isEqualTo(TokenRejected.Reason.UNKNOWN_ISSUER);
        assertThat(reason(v, sign(key, claims(issuer + "/").build())))
                .as("issuers compare exactly")
                .isEqualTo(TokenRejected.Reason.UNKNOWN_ISSUER);
        JwtClaims noIss = JwtClaims.builder()
                .subject("x")
                .audience("orders-api")
                .expiresAt(clock.instant().plusSeconds(60))
                .build();
        assertThat(reason(v, sign(key, noIss))).isEqualTo(TokenRejected.Reason.UNKNOWN_ISSUER);
        assertThat(host.requests).as("nothing fetched").hasValue(0);
    }

    @Test
    void garbageUnsignedAndSymmetricTokensNeverCauseAFetch() throws Exception {
        TokenVerifier v = verifier(discovered());
        String payload = Base64Url.encode(claims(issuer).build().toJson());
        List<String> hostile = new ArrayList<>(List.of(
                "",
                "abc",
                "a.b",
                "a.b.c.d",
                "a.b.c.d.e",
                "..",
                "%%%.%%%.%%%",
                Base64Url.encode("{\"alg\":\"none\"}") + "." + payload + ".",
                Base64Url.encode("{\"alg\":\"none\"}") + "." + payload + ".c2ln",
                Base64Url.encode("{\"alg\":\"HS256\",\"kid\":\"k1\"}") + "." + payload + ".c2ln",
                Base64Url.encode("{\"alg\":\"ES256\"}") + "." + Base64Url.encode("[1,2]") + ".c2ln",
                Base64Url.encode("{\"alg\":42}") + "." + payload + ".c2ln",
                Base64Url.encode("not json") + "." + payload + ".c2ln",
                "x".repeat(TokenVerifier.DEFAULT_MAX_TOKEN_LENGTH + 1)));
        hostile.add(null);
        for (String t : hostile) {
            assertThat(reason(v, t))
                    .as(String.valueOf(t))
                    .isIn(TokenRejected.Reason.MALFORMED, TokenRejected.Reason.ALG_NOT_ALLOWED);
        }
        assertThat(host.requests).as("no metadata or key fetch for any of them").hasValue(0);
    }

    @Test
    void metadataNamingAnotherIssuerIsRefusedAndRetriedOnlyAfterTheCoolDown() throws Exception {
        host.metadata.set("{\"issuer\":\"https://evil.example\",\"jwks_uri\":\"" + host.url("/jwks") + "\"}");
        TokenVerifier v = verifier(discovered());
        String token = sign(key, claims(issuer).build());
        for (int i = 0; i < 50; i++) {
            assertThat(reason(v, token)).isEqualTo(TokenRejected.Reason.KEYS_UNAVAILABLE);
        }
        assertThat(host.metadataRequests).as("one try per cool-down").hasValue(1);
        assertThat(host.requests).as("its jwks_uri is never fetched").hasValue(1);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("https://evil.example"));
        host.metadata.set("{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + host.url("/jwks") + "\"}");
        clock.advance(RemoteKeySets.DEFAULT_COOL_DOWN.plusSeconds(1));
        assertThat(v.verify(token).subject()).isEqualTo("user-1");
        assertThat(host.metadataRequests).hasValue(2);
    }

    @Test
    void metadataWithAnUnfetchableJwksUriIsRefused() throws Exception {
        host.metadata.set("{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"http://keys.example/jwks\"}");
        TokenVerifier v = verifier(discovered());
        assertThatThrownBy(() -> v.verify(sign(key, claims(issuer).build())))
                .isInstanceOf(TokenRejected.class)
                .hasMessageContaining("plain http");
    }

    @Test
    void aTokenIsCheckedOnlyAgainstTheKeysOfTheIssuerItNames() throws Exception {
        Jwk otherKey = Jwk.generate(JwsAlgorithm.ES256).withKeyId("k1"); // the same kid, another key
        other.body.set(JwkSet.of(otherKey).toPublicSet().toJson());
        String otherIssuer = other.url("");
        TokenVerifier v = verifier(
                Issuer.builder(issuer)
                        .jwksUri(host.url("/jwks"))
                        .audiences("orders-api")
                        .build(),
                Issuer.builder(otherIssuer)
                        .jwksUri(other.url("/jwks"))
                        .audiences("orders-api")
                        .build());
        assertThat(v.verify(sign(key, claims(issuer).build())).issuer()).isEqualTo(issuer);
        assertThat(v.verify(sign(otherKey, claims(otherIssuer).build())).issuer())
                .isEqualTo(otherIssuer);
        // Signed by the first issuer's key, naming the second: the second's keys do not verify it.
        assertThat(reason(v, sign(key, claims(otherIssuer).build()))).isEqualTo(TokenRejected.Reason.BAD_SIGNATURE);
        assertThat(reason(v, sign(otherKey, claims(issuer).build()))).isEqualTo(TokenRejected.Reason.BAD_SIGNATURE);
    }

    @Test
    void aFloodOfUnknownKidsCostsOneFetchPerCoolDownWhileKnownKidsKeepVerifying() throws Exception {
        TokenVerifier v = verifier(Issuer.builder(issuer)
                .jwksUri(host.url("/jwks"))
                .audiences("orders-api")
                .algorithms(JwsAlgorithm.ES256)
                .build());
        String good = sign(key, claims(issuer).build());
        v.verify(good);
        assertThat(host.requests).hasValue(1);
        List<String> flood = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            flood.add(sign(key.withKeyId("random-" + i), claims(issuer).build()));
        }
        AtomicInteger verifiedGood = new AtomicInteger();
        AtomicInteger refusedFlood = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 2; round++) {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < flood.size(); i++) {
                    String t = flood.get(i);
                    done.add(pool.submit(() -> {
                        if (reason(v, t) == TokenRejected.Reason.KEY_NOT_FOUND) {
                            refusedFlood.incrementAndGet();
                        }
                    }));
                    if (i % 10 == 0) {
                        done.add(pool.submit(() -> {
                            try {
                                v.verify(good);
                                verifiedGood.incrementAndGet();
                            } catch (TokenRejected e) {
                                throw new AssertionError("a token with a known kid was refused: " + e.getMessage(), e);
                            }
                        }));
                    }
                }
                for (Future<?> f : done) {
                    f.get(30, TimeUnit.SECONDS);
                }
                assertThat(host.requests)
                        .as("round %d: the first fetch, then at most one per cool-down", round)
                        .hasValueLessThanOrEqualTo(2 + round);
                clock.advance(RemoteKeySets.DEFAULT_COOL_DOWN.plusSeconds(1));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(refusedFlood).hasValue(2_000);
        assertThat(verifiedGood).hasValue(200);
    }

    @Test
    void eachCheckOfTheIssuerConfigurationHolds() throws Exception {
        TokenVerifier v = verifier(Issuer.builder(issuer)
                .jwksUri(host.url("/jwks"))
                .audiences("orders-api")
                .algorithms(JwsAlgorithm.ES256)
                .clockSkew(Duration.ofSeconds(10))
                .build());
        assertThat(reason(v, sign(key, claims(issuer).audience("billing-api").build())))
                .isEqualTo(TokenRejected.Reason.WRONG_AUDIENCE);
        assertThat(reason(
                        v,
                        JwtSigner.builder(key)
                                .type("JWT")
                                .build()
                                .sign(claims(issuer).build())))
                .as("an ID token or other JWT is not an access token")
                .isEqualTo(TokenRejected.Reason.WRONG_TYPE);
        assertThat(reason(
                        v,
                        sign(
                                key,
                                claims(issuer)
                                        .expiresAt(clock.instant().minusSeconds(11))
                                        .build())))
                .isEqualTo(TokenRejected.Reason.EXPIRED);
        assertThat(v.verify(sign(
                                key,
                                claims(issuer)
                                        .expiresAt(clock.instant().minusSeconds(9))
                                        .build()))
                        .subject())
                .as("within the skew")
                .isEqualTo("user-1");
        Jwk rsa = Jwk.generate(JwsAlgorithm.RS256).withKeyId("k1");
        assertThat(reason(v, sign(rsa, claims(issuer).build()))).isEqualTo(TokenRejected.Reason.ALG_NOT_ALLOWED);
        Jwk forged = Jwk.generate(JwsAlgorithm.ES256).withKeyId("k1");
        assertThat(reason(v, sign(forged, claims(issuer).build()))).isEqualTo(TokenRejected.Reason.BAD_SIGNATURE);
    }

    @Test
    void configurationMistakesAreRefusedAtBuildTime() {
        assertThatThrownBy(() -> Issuer.builder(issuer).build()).hasMessageContaining("audience");
        assertThatThrownBy(() ->
                        Issuer.builder("http://auth.example").audiences("a").build())
                .hasMessageContaining("plain http");
        assertThatThrownBy(() -> Issuer.builder(issuer).audiences("a").algorithms(JwsAlgorithm.HS256))
                .hasMessageContaining("symmetric");
        assertThatThrownBy(() -> TokenVerifier.builder().build()).hasMessageContaining("at least one issuer");
        Issuer i = discovered();
        assertThatThrownBy(() -> TokenVerifier.builder().issuer(i).issuer(discovered()))
                .hasMessageContaining("twice");
    }
}
