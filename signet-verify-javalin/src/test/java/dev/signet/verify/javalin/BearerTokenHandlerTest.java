package dev.signet.verify.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtClaims;
import dev.signet.jose.JwtSigner;
import dev.signet.verify.Issuer;
import dev.signet.verify.ProtectedResource;
import dev.signet.verify.Requirement;
import dev.signet.verify.ResourceGuard;
import dev.signet.verify.TokenVerifier;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The handler in a real Javalin application, reached over HTTP. */
class BearerTokenHandlerTest {

    private static Javalin app;
    private static String base;
    private static Jwk key;
    private static final AtomicInteger served = new AtomicInteger();
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        key = Jwk.generate(JwsAlgorithm.ES256).withKeyId("k1");
        String jwks = JwkSet.of(key).toPublicSet().toJson();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        TokenVerifier verifier = TokenVerifier.builder()
                .issuer(Issuer.builder(base)
                        .jwksUri(base + "/jwks")
                        .audiences("orders-api")
                        .build())
                .cache(1000)
                .build();
        ProtectedResource resource = ProtectedResource.builder(base + "/orgs")
                .authorizationServer(base)
                .build();
        BearerTokenHandler bearer = BearerTokenHandler.builder(ResourceGuard.of(verifier, resource))
                .requirements(ctx -> Requirement.builder()
                        .scopes(ctx.method().equals(HandlerType.GET) ? "orders.read" : "orders.write")
                        .claimEquals("org_id", ctx.pathParam("org"))
                        .build())
                .build();
        app = Javalin.create(config -> {
            config.jetty.host = "127.0.0.1";
            config.jetty.port = port;
            config.routes.get(
                    "/jwks", ctx -> ctx.contentType("application/json").result(jwks));
            bearer.install(config, "/orgs/*");
            config.routes.get("/orgs/{org}/orders", ctx -> {
                served.incrementAndGet();
                ctx.result(BearerTokenHandler.principal(ctx).subject() + " " + ctx.pathParam("org"));
            });
            config.routes.post("/orgs/{org}/orders", ctx -> {
                served.incrementAndGet();
                ctx.status(201);
            });
        });
        app.start();
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    private static String token(String scope, String org) throws Exception {
        Instant now = Instant.now();
        return JwtSigner.builder(key)
                .type("at+jwt")
                .build()
                .sign(JwtClaims.builder()
                        .issuer(base)
                        .subject("user-7")
                        .audience("orders-api")
                        .issuedAt(now.minusSeconds(5))
                        .expiresAt(now.plusSeconds(300))
                        .claim("scope", scope)
                        .claim("org_id", org)
                        .build());
    }

    private static HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theMetadataIsServedAndChallengesPointAtIt() throws Exception {
        HttpResponse<String> doc = send("GET", "/.well-known/oauth-protected-resource/orgs", null);
        assertThat(doc.statusCode()).isEqualTo(200);
        assertThat(JwtClaims.parse(doc.body()).getString("resource")).isEqualTo(base + "/orgs");
        HttpResponse<String> none = send("GET", "/orgs/acme/orders", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate").orElseThrow())
                .isEqualTo("Bearer realm=\"" + base + "/orgs\", resource_metadata=\"" + base
                        + "/.well-known/oauth-protected-resource/orgs\"");
    }

    @Test
    void requirementsReadPathParametersAndRefusalsNeverReachTheEndpoint() throws Exception {
        int before = served.get();
        HttpResponse<String> ok = send("GET", "/orgs/acme/orders", "Bearer " + token("orders.read", "acme"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("user-7 acme");
        assertThat(send("GET", "/orgs/globex/orders", "Bearer " + token("orders.read", "acme"))
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> write = send("POST", "/orgs/acme/orders", "Bearer " + token("orders.read", "acme"));
        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(write.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"", "scope=\"orders.write\"");
        assertThat(send("POST", "/orgs/acme/orders", "Bearer " + token("orders.write", "acme"))
                        .statusCode())
                .isEqualTo(201);
        assertThat(send("GET", "/orgs/acme/orders", "Bearer not-a-jwt").statusCode())
                .isEqualTo(401);
        assertThat(served.get()).isEqualTo(before + 2);
    }
}
