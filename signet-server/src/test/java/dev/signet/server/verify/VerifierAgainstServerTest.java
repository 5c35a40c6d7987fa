package dev.signet.server.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.Base64Url;
import dev.signet.jose.JwtClaims;
import dev.signet.server.MutableClock;
import dev.signet.server.TestDatabases;
import dev.signet.server.TestServer;
import dev.signet.server.config.Setting;
import dev.signet.verify.Introspector;
import dev.signet.verify.Issuer;
import dev.signet.verify.RemoteKeySets;
import dev.signet.verify.TokenRejected;
import dev.signet.verify.TokenVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * signet-verify against a running signet-server, on the server's simulated clock: planned key
 * rotation costs a calling API no request, and an emergency revocation is seen at once through
 * introspection and, by a verifier that checks locally, as soon as its copy of the key set expires.
 */
class VerifierAgainstServerTest {

    @TempDir
    Path dir;

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(Map<Setting, String> options) {
        server = TestServer.start(
                TestServer.STANDARD_TENANTS, TestDatabases.sqlite().url(), dir, MutableClock.startingNow(), options);
    }

    private TokenVerifier verifier(int cache) {
        MutableClock clock = server.clock();
        return TokenVerifier.builder()
                .clock(clock)
                .keySets(RemoteKeySets.builder().clock(clock).build())
                .cache(cache)
                .issuer(Issuer.builder(server.issuer()).audiences("orders-api").build())
                .build();
    }

    private String token() {
        return server.ordersToken("audience", "orders-api").get("access_token").asString();
    }

    private static String kid(String token) throws Exception {
        String header = new String(Base64Url.decode(token, 0, token.indexOf('.')), StandardCharsets.UTF_8);
        return JwtClaims.parse(header).getString("kid");
    }

    @Test
    void plannedRotationCostsACallingApiNoRequest() throws Exception {
        start(Map.of(Setting.KEYS_ROTATION_INTERVAL, "1h"));
        TokenVerifier api = verifier(0);
        Set<String> kids = new HashSet<>();
        List<String> failures = new ArrayList<>();
        List<String> earlier = new ArrayList<>();
        int requests = 0;
        // Four simulated hours, a minute at a time: the scheduler's key maintenance runs each minute,
        // a client gets a token and the API verifies it, plus a token from five minutes before.
        for (int minute = 0; minute < 4 * 60; minute++) {
            server.clock().advance(Duration.ofMinutes(1));
            server.server().keys().maintain("default");
            String t = token();
            kids.add(kid(t));
            earlier.add(t);
            List<String> now = new ArrayList<>(List.of(t));
            if (earlier.size() > 5) {
                now.add(earlier.remove(0));
            }
            for (String each : now) {
                requests++;
                try {
                    api.verify(each);
                } catch (TokenRejected e) {
                    failures.add("minute " + minute + ": " + e.reason() + " " + e.getMessage());
                }
            }
        }
        assertThat(kids).as("the keys that signed").hasSizeGreaterThanOrEqualTo(4);
        assertThat(requests).isGreaterThan(450);
        assertThat(failures).isEmpty();
    }

    @Test
    void anEmergencyRevocationIsSeenAtOnceByIntrospectionAndWhenTheKeySetExpiresLocally() throws Exception {
        start(Map.of(Setting.TOKENS_ACCESS_TOKEN_LIFETIME, "1h", Setting.KEYS_JWKS_MAX_AGE, "5m"));
        TokenVerifier local = verifier(1000);
        Introspector introspection = Introspector.builder(
                        Issuer.builder(server.issuer()).audiences("orders-api").build(),
                        server.server().localUrl() + "/tenants/default/introspect",
                        "orders-service",
                        TestServer.ORDERS_SECRET)
                .clock(server.clock())
                .cacheFor(Duration.ZERO)
                .build();
        String t = token();
        assertThat(local.verify(t).clientId()).isEqualTo("orders-service");
        assertThat(introspection.introspect(t).clientId()).isEqualTo("orders-service");

        assertThat(server.server().keys().revoke("default", kid(t))).isTrue();

        // Introspection: refused at once.
        TokenRejected refused = null;
        try {
            introspection.introspect(t);
        } catch (TokenRejected e) {
            refused = e;
        }
        assertThat(refused).isNotNull();
        assertThat(refused.reason()).isEqualTo(TokenRejected.Reason.INACTIVE);
        // Locally: still accepted while the key set it holds is fresh (the documented bound) ...
        server.clock().advance(Duration.ofMinutes(4));
        assertThat(local.verify(t).clientId()).isEqualTo("orders-service");
        // ... and refused once it has expired and the new set is fetched (in the background).
        server.clock().advance(Duration.ofMinutes(2));
        TokenRejected.Reason reason = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (reason == null && System.nanoTime() < deadline) {
            try {
                local.verify(t);
                Thread.sleep(20);
            } catch (TokenRejected e) {
                reason = e.reason();
            }
        }
        assertThat(reason).isEqualTo(TokenRejected.Reason.KEY_NOT_FOUND);
        // A token of the key that replaced it verifies everywhere.
        String fresh = token();
        assertThat(kid(fresh)).isNotEqualTo(kid(t));
        assertThat(local.verify(fresh).clientId()).isEqualTo("orders-service");
        assertThat(introspection.introspect(fresh).clientId()).isEqualTo("orders-service");
    }
}
