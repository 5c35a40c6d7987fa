package dev.signet.server.oauth;

import static dev.signet.server.TestServer.json;
import static dev.signet.server.oauth.TokenEndpointTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtClaims;
import dev.signet.jose.JwtSigner;
import dev.signet.server.Secrets;
import dev.signet.server.TestDatabases;
import dev.signet.server.TestServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** private_key_jwt with keys fetched from the client's jwks-uri: cached, refreshed (rate-limited) when it rotates. */
class JwksUriTest {

    private static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    @TempDir
    static Path dir;

    static HttpServer keyHost;
    static final AtomicReference<String> served = new AtomicReference<>();
    static final AtomicInteger fetches = new AtomicInteger();
    static TestServer server;
    static Jwk first;

    @BeforeAll
    static void start() throws Exception {
        first = Jwk.generate(JwsAlgorithm.ES256);
        served.set(JwkSet.of(first).toPublicSet().toJson());
        keyHost = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        keyHost.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/jwk-set+json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        keyHost.start();
        String yaml =
                TestServer.STANDARD_TENANTS + """
                      - id: remote-keys
                        auth-method: private_key_jwt
                        jwks-uri: http://127.0.0.1:%d/jwks
                        audiences: [orders-api]
                      - id: unreachable-keys
                        auth-method: private_key_jwt
                        jwks-uri: http://127.0.0.1:1/jwks
                        audiences: [orders-api]
                """.formatted(keyHost.getAddress().getPort());
        server = TestServer.start(yaml, TestDatabases.sqlite().url(), dir);
    }

    @AfterAll
    static void stop() {
        server.close();
        keyHost.stop(0);
    }

    private static HttpResponse<String> token(Jwk key, String client) throws Exception {
        Instant now = server.clock().instant();
        String assertion = JwtSigner.builder(key)
                .build()
                .sign(JwtClaims.builder()
                        .issuer(client)
                        .subject(client)
                        .audience(server.issuer())
                        .issuedAt(now)
                        .expiresAt(now.plusSeconds(60))
                        .jwtId(Secrets.randomId())
                        .build());
        return server.postForm(
                "/tenants/default/token",
                List.of(
                        "grant_type",
                        "client_credentials",
                        "client_assertion_type",
                        TYPE,
                        "client_assertion",
                        assertion));
    }

    @Test
    void keysAreFetchedCachedAndRefreshedWhenTheClientRotates() throws Exception {
        int before = fetches.get();
        assertThat(token(first, "remote-keys").statusCode()).isEqualTo(200);
        assertThat(token(first, "remote-keys").statusCode()).isEqualTo(200);
        assertThat(fetches.get() - before).as("cached after the first fetch").isEqualTo(1);

        // The client rotates to a new key. Within the refresh limit the server does not fetch again.
        Jwk second = Jwk.generate(JwsAlgorithm.ES256);
        served.set(JwkSet.of(second).toPublicSet().toJson());
        assertError(token(second, "remote-keys"), 401, "invalid_client");
        assertThat(fetches.get() - before).isEqualTo(1);

        // Once the limit has passed, an unknown key makes it fetch once more, and the new key works.
        server.clock().advance(ClientKeys.MIN_REFRESH);
        HttpResponse<String> r = token(second, "remote-keys");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(fetches.get() - before).isEqualTo(2);
        assertThat(json(r).get("access_token").asString()).isNotBlank();
        // The old key is gone from the client's set: it no longer authenticates.
        server.clock().advance(Duration.ofSeconds(1));
        assertError(token(first, "remote-keys"), 401, "invalid_client");
    }

    @Test
    void unreachableKeysFailAuthenticationCleanly() throws Exception {
        assertError(token(first, "unreachable-keys"), 401, "invalid_client");
    }
}
