package dev.signet.edge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtClaims;
import dev.signet.jose.JwtSigner;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An issuer on loopback for the tests: its metadata at {@code /.well-known/openid-configuration},
 * its JWK Set (an ES256 and an RS256 key) at {@code /jwks}, and tokens signed with those keys.
 */
final class TestIssuer implements AutoCloseable {

    final Jwk es256;
    final Jwk rs256;
    private final HttpServer server;
    final String issuer;

    TestIssuer() throws Exception {
        es256 = Jwk.generate(JwsAlgorithm.ES256).withKeyId("es-1");
        rs256 = Jwk.generate(JwsAlgorithm.RS256).withKeyId("rs-1");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/tenants/default";
        String jwks = JwkSet.of(es256, rs256).toPublicSet().toJson();
        String metadata = JwtClaims.builder()
                .claim("issuer", issuer)
                .claim("jwks_uri", issuer + "/jwks")
                .claim("id_token_signing_alg_values_supported", java.util.List.of("ES256", "RS256"))
                .build()
                .toJson();
        server.createContext("/tenants/default/.well-known/openid-configuration", ex -> answer(ex, metadata));
        server.createContext("/tenants/default/jwks", ex -> answer(ex, jwks));
        server.start();
    }

    private static void answer(HttpExchange ex, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    /** An ES256 access token for {@code orders-api}, valid for 5 minutes, with {@code extra} claims. */
    String token(Map<String, Object> extra) throws Exception {
        return token(es256, "at+jwt", c -> extra.forEach(c::claim));
    }

    /** A token signed with {@code key}, carrying {@code typ}, edited by {@code edit}. */
    String token(Jwk key, String typ, Consumer<JwtClaims.Builder> edit) throws Exception {
        Instant now = Instant.now();
        JwtClaims.Builder c = JwtClaims.builder()
                .issuer(issuer)
                .subject("alice")
                .audience("orders-api")
                .issuedAt(now)
                .expiresAt(now.plusSeconds(300))
                .claim("client_id", "web");
        edit.accept(c);
        return JwtSigner.builder(key).type(typ).build().sign(c.build());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
