package dev.signet.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.Base64Url;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The edge over HTTP, with an issuer on loopback found through discovery. */
class EdgeHttpTest {

    private static TestIssuer issuer;
    private static EdgeServer edge;
    private static String base;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        issuer = new TestIssuer();
        EdgeConfig cfg = EdgeConfigLoader.parse("""
                listen: 127.0.0.1:0
                envoy-prefix: /ext-authz
                issuers:
                  - issuer: %s
                    audiences: [orders-api]
                routes:
                  - match: { path: /public/** }
                    anonymous: true
                  - match: { path: /orders/**, methods: [GET] }
                    require: { scopes: [orders.read] }
                  - match: { path: /orders/**, methods: [POST, PUT, DELETE] }
                    require: { scopes: [orders.write], acr: [urn:signet:acr:mfa], max-age: 10m }
                  - match: { path: /whoami }
                forward:
                  X-Auth-Subject: sub
                  X-Auth-Client: client_id
                  X-Auth-Scopes: scope
                """.formatted(issuer.issuer));
        edge = EdgeServer.start(cfg);
        base = edge.localUrl();
        for (int i = 0; i < 100 && get("/readyz", Map.of()).statusCode() != 200; i++) {
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stop() {
        if (edge != null) {
            edge.close();
        }
        issuer.close();
    }

    private static HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        return send("GET", path, headers);
    }

    private static HttpResponse<String> send(String method, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** As nginx asks: GET / with the original request in headers. */
    private static HttpResponse<String> nginx(String method, String uri, String token) throws Exception {
        Map<String, String> h = new java.util.HashMap<>(Map.of("X-Original-Method", method, "X-Original-URI", uri));
        if (token != null) {
            h.put("Authorization", "Bearer " + token);
        }
        return get("/", h);
    }

    private static String www(HttpResponse<String> r) {
        return r.headers().firstValue("WWW-Authenticate").orElse(null);
    }

    @Test
    void ownEndpoints() throws Exception {
        assertThat(get("/healthz", Map.of()).statusCode()).isEqualTo(200);
        assertThat(get("/readyz", Map.of()).statusCode()).isEqualTo(200);
        HttpResponse<String> md = get("/.well-known/oauth-protected-resource", Map.of());
        assertThat(md.statusCode()).isEqualTo(200);
        assertThat(md.body()).contains("\"resource\":\"" + base + "\"").contains(issuer.issuer);
    }

    @Test
    void everyRouteKind() throws Exception {
        String reader = issuer.token(Map.of("scope", "orders.read"));
        HttpResponse<String> ok = nginx("GET", "/orders/7?x=1", reader);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("X-Auth-Subject")).contains("alice");
        assertThat(ok.headers().firstValue("X-Auth-Client")).contains("web");
        assertThat(ok.headers().firstValue("X-Auth-Scopes")).contains("orders.read");
        assertThat(ok.headers().firstValue("Cache-Control")).contains("no-store");

        HttpResponse<String> anon = nginx("GET", "/public/index.html", reader);
        assertThat(anon.statusCode()).isEqualTo(200);
        assertThat(anon.headers().firstValue("X-Auth-Subject")).isEmpty();

        HttpResponse<String> noToken = nginx("GET", "/orders", null);
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(www(noToken))
                .isEqualTo("Bearer realm=\"" + base + "\", resource_metadata=\"" + base
                        + "/.well-known/oauth-protected-resource\"");

        HttpResponse<String> scope = nginx("POST", "/orders", reader);
        assertThat(scope.statusCode()).isEqualTo(403);
        assertThat(www(scope)).contains("error=\"insufficient_scope\"").contains("scope=\"orders.write\"");

        HttpResponse<String> stepUp = nginx("POST", "/orders", issuer.token(Map.of("scope", "orders.write")));
        assertThat(stepUp.statusCode()).isEqualTo(401);
        assertThat(www(stepUp))
                .contains("error=\"insufficient_user_authentication\"")
                .contains("acr_values=\"urn:signet:acr:mfa\"")
                .contains("max_age=\"600\"");

        HttpResponse<String> plain = nginx("GET", "/whoami", reader);
        assertThat(plain.statusCode()).isEqualTo(200);

        assertThat(nginx("GET", "/admin", reader).statusCode()).isEqualTo(403);
        assertThat(nginx("GET", "/admin", null).statusCode()).isEqualTo(401);
        assertThat(nginx("GET", "/public/..%2fadmin", null).statusCode()).isEqualTo(403);
        assertThat(nginx("GET", "/public/../orders", null).statusCode()).isEqualTo(401);
        assertThat(nginx("GET", "/public/%2e%2e/orders", reader).statusCode()).isEqualTo(200);
    }

    @Test
    void algAndTypConfusion() throws Exception {
        // HS256 with the kid of the RSA key: alg not allowed, no key lookup.
        Jwk hmac = Jwk.generate(JwsAlgorithm.HS256).withKeyId("rs-1");
        String hs = issuer.token(hmac, "at+jwt", c -> c.claim("scope", "orders.read"));
        assertThat(nginx("GET", "/orders", hs).statusCode()).isEqualTo(401);
        assertThat(www(nginx("GET", "/orders", hs))).contains("error=\"invalid_token\"");

        // alg none, no signature.
        String good = issuer.token(Map.of("scope", "orders.read"));
        String payload = good.split("\\.", -1)[1];
        String none = b64("{\"alg\":\"none\",\"typ\":\"at+jwt\"}") + "." + payload + ".";
        assertThat(nginx("GET", "/orders", none).statusCode()).isEqualTo(401);

        // An ES256 signature presented as RS256 under the RSA key's kid.
        String[] parts = good.split("\\.", -1);
        String swapped =
                b64("{\"alg\":\"RS256\",\"kid\":\"rs-1\",\"typ\":\"at+jwt\"}") + "." + parts[1] + "." + parts[2];
        assertThat(nginx("GET", "/orders", swapped).statusCode()).isEqualTo(401);

        // An ID token (typ JWT) is not an access token.
        String idToken = issuer.token(issuer.es256, "JWT", c -> c.claim("scope", "orders.read"));
        HttpResponse<String> typ = nginx("GET", "/orders", idToken);
        assertThat(typ.statusCode()).isEqualTo(401);
        assertThat(www(typ)).contains("error=\"invalid_token\"");

        // RS256 works too.
        String rs = issuer.token(issuer.rs256, "at+jwt", c -> c.claim("scope", "orders.read"));
        assertThat(nginx("GET", "/orders", rs).statusCode()).isEqualTo(200);

        // A token of an issuer not configured.
        String other = issuer.token(issuer.es256, "at+jwt", c -> c.issuer("https://evil.example"));
        assertThat(nginx("GET", "/orders", other).statusCode()).isEqualTo(401);
    }

    @Test
    void forwardedHeadersWinAndUnknownOriginalIsRefused() throws Exception {
        String reader = issuer.token(Map.of("scope", "orders.read"));
        // Traefik's headers beat nginx's.
        HttpResponse<String> r = get(
                "/",
                Map.of(
                        "X-Forwarded-Method", "POST",
                        "X-Forwarded-Uri", "/orders",
                        "X-Forwarded-Host", "api.example.com",
                        "X-Original-Method", "GET",
                        "X-Original-URI", "/public/x",
                        "Authorization", "Bearer " + reader));
        assertThat(r.statusCode()).isEqualTo(403);
        // No original request at all, and no Envoy prefix in the path.
        assertThat(get("/", Map.of("Authorization", "Bearer " + reader)).statusCode())
                .isEqualTo(403);
        assertThat(get("/orders", Map.of("Authorization", "Bearer " + reader)).statusCode())
                .isEqualTo(403);
        // A URI without a method.
        assertThat(get("/", Map.of("X-Original-URI", "/public/x")).statusCode()).isEqualTo(403);
    }

    @Test
    void envoyPrefix() throws Exception {
        String reader = issuer.token(Map.of("scope", "orders.read"));
        HttpResponse<String> ok = get("/ext-authz/orders/7", Map.of("Authorization", "Bearer " + reader));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("X-Auth-Subject")).contains("alice");
        assertThat(send("DELETE", "/ext-authz/orders/7", Map.of("Authorization", "Bearer " + reader))
                        .statusCode())
                .isEqualTo(403);
        assertThat(send("POST", "/ext-authz/public/form", Map.of()).statusCode())
                .isEqualTo(200);
        assertThat(get("/ext-authz/public/%2e%2e/orders", Map.of()).statusCode())
                .isEqualTo(401);
        assertThat(get("/ext-authz/public/..%2Forders", Map.of()).statusCode()).isEqualTo(403);
        assertThat(get("/ext-authz/public/%5c..%5corders", Map.of()).statusCode())
                .isEqualTo(403);
        assertThat(get("/ext-authz/public/x%00", Map.of()).statusCode()).isEqualTo(403);
        // The edge's own paths below the prefix are forward-auth, not the health check.
        assertThat(get("/ext-authz/healthz", Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void onlyEver200_401_403() throws Exception {
        for (String auth :
                List.of("Bearer", "Bearer ===", "Bearer a.b.c", "Bearer \u00ff", "Negotiate x", "Bearer x y")) {
            int s = get("/", Map.of("X-Original-Method", "GET", "X-Original-URI", "/orders", "Authorization", auth))
                    .statusCode();
            assertThat(s).as(auth).isEqualTo(401);
        }
        String huge = "a".repeat(20_000) + "." + "b".repeat(10) + "." + "c";
        assertThat(nginx("GET", "/orders", huge).statusCode()).isEqualTo(401);
    }

    @Test
    void metricsHaveBoundedLabels() throws Exception {
        String reader = issuer.token(Map.of("scope", "orders.read"));
        nginx("GET", "/orders", reader);
        nginx("GET", "/orders", "eyJhbGciOiJFUzI1NiIsImtpZCI6InNlY3JldC1raWQifQ.e30.c2ln");
        String m = get("/metrics", Map.of()).body();
        assertThat(m)
                .contains("signet_edge_requests_total{issuer=\"" + issuer.issuer
                        + "\",outcome=\"allowed\",reason=\"ok\"}")
                .contains("outcome=\"unauthorized\"")
                .doesNotContain("secret-kid")
                .doesNotContain(reader.substring(0, 20));
    }

    private static String b64(String json) {
        return Base64Url.encode(json.getBytes(StandardCharsets.UTF_8));
    }
}
