package dev.signet.verify.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtClaims;
import dev.signet.jose.JwtSigner;
import dev.signet.verify.Issuer;
import dev.signet.verify.TokenVerifier;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/** A real Spring Boot application with Spring Security's resource server, on signet-verify. */
class SpringResourceServerTest {

    private static HttpServer keys;
    private static String issuer;
    private static Jwk key;
    private static ConfigurableApplicationContext app;
    private static String base;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        key = Jwk.generate(JwsAlgorithm.ES256).withKeyId("k1");
        byte[] jwks = JwkSet.of(key).toPublicSet().toJson().getBytes(StandardCharsets.UTF_8);
        keys = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        keys.createContext("/jwks", ex -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, jwks.length);
            ex.getResponseBody().write(jwks);
            ex.close();
        });
        keys.start();
        issuer = "http://127.0.0.1:" + keys.getAddress().getPort();
        app = SpringApplication.run(
                OrdersApplication.class,
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--orders.issuer=" + issuer,
                "--spring.main.banner-mode=off");
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        base = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        keys.stop(0);
    }

    private static String token(String iss, String scope, long lifetime) throws Exception {
        Instant now = Instant.now();
        return JwtSigner.builder(key)
                .type("at+jwt")
                .build()
                .sign(JwtClaims.builder()
                        .issuer(iss)
                        .subject("user-7")
                        .audience("orders-api")
                        .issuedAt(now.minusSeconds(5))
                        .expiresAt(now.plusSeconds(lifetime))
                        .claim("scope", scope)
                        .build());
    }

    private static HttpResponse<String> send(String method, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/orders"))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theApplicationServesTokensSignetAcceptsAndRefusesTheOthers() throws Exception {
        HttpResponse<String> ok = send("GET", "Bearer " + token(issuer, "orders.read", 300));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("orders of user-7");

        assertThat(send("GET", null).statusCode()).isEqualTo(401);
        HttpResponse<String> expired = send("GET", "Bearer " + token(issuer, "orders.read", -300));
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("invalid_token");
        assertThat(send("GET", "Bearer " + token("https://other.example", "orders.read", 300))
                        .statusCode())
                .isEqualTo(401);

        HttpResponse<String> noWrite = send("POST", "Bearer " + token(issuer, "orders.read", 300));
        assertThat(noWrite.statusCode()).isEqualTo(403);
        assertThat(noWrite.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("insufficient_scope");
        assertThat(send("POST", "Bearer " + token(issuer, "orders.read orders.write", 300))
                        .body())
                .isEqualTo("created by user-7");
    }

    @Test
    void theDecoderGivesSpringTheClaimsAsItsOwnDecoderWould() throws Exception {
        SignetJwtDecoder decoder = new SignetJwtDecoder(TokenVerifier.builder()
                .issuer(Issuer.builder(issuer)
                        .jwksUri(issuer + "/jwks")
                        .audiences("orders-api")
                        .build())
                .build());
        Jwt jwt = decoder.decode(token(issuer, "orders.read", 300));
        assertThat(jwt.getSubject()).isEqualTo("user-7");
        assertThat(jwt.getAudience()).isEqualTo(List.of("orders-api"));
        assertThat(jwt.getIssuer().toString()).isEqualTo(issuer);
        assertThat(jwt.getExpiresAt()).isAfter(Instant.now());
        assertThat(jwt.getHeaders()).containsEntry("kid", "k1").containsEntry("typ", "at+jwt");
        assertThatThrownBy(() -> decoder.decode("garbage")).isInstanceOf(BadJwtException.class);
        SignetAuthenticationManagerResolver resolver = new SignetAuthenticationManagerResolver(decoderVerifier());
        org.springframework.security.core.Authentication a = resolver.resolve(null)
                .authenticate(new BearerTokenAuthenticationToken(token(issuer, "orders.read", 300)));
        assertThat(a.getName()).isEqualTo("user-7");
        assertThat(a.getAuthorities())
                .extracting(org.springframework.security.core.GrantedAuthority::getAuthority)
                .contains("SCOPE_orders.read")
                .noneMatch(x -> x.startsWith("SCOPE_") && !x.equals("SCOPE_orders.read"));
        assertThatThrownBy(() -> resolver.resolve(null)
                        .authenticate(
                                new BearerTokenAuthenticationToken(token("https://other.example", "orders.read", 300))))
                .isInstanceOf(InvalidBearerTokenException.class);
    }

    private static TokenVerifier decoderVerifier() {
        return TokenVerifier.builder()
                .issuer(Issuer.builder(issuer)
                        .jwksUri(issuer + "/jwks")
                        .audiences("orders-api")
                        .build())
                .build();
    }
}
