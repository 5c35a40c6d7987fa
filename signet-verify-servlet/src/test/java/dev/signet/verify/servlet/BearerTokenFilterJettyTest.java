package dev.signet.verify.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtClaims;
import dev.signet.jose.JwtSigner;
import dev.signet.verify.Issuer;
import dev.signet.verify.Principal;
import dev.signet.verify.ProtectedResource;
import dev.signet.verify.Requirement;
import dev.signet.verify.ResourceGuard;
import dev.signet.verify.TokenVerifier;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The filter in a real Jetty 12 (Jakarta Servlet 6.0), reached over HTTP. */
class BearerTokenFilterJettyTest {

    private static final Pattern ORG_PATH = Pattern.compile("^/api/orgs/([^/]+)/.*");

    private static Server jetty;
    private static String base;
    private static Jwk key;
    private static final AtomicInteger served = new AtomicInteger();
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        key = Jwk.generate(JwsAlgorithm.ES256).withKeyId("k1");
        String jwks = JwkSet.of(key).toPublicSet().toJson();
        AtomicReference<Filter> filter = new AtomicReference<>();

        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(
                new ServletHolder(new HttpServlet() {
                    @Override
                    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
                        res.setContentType("application/json");
                        res.getWriter().write(jwks);
                    }
                }),
                "/jwks");
        context.addServlet(
                new ServletHolder(new HttpServlet() {
                    @Override
                    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
                        served.incrementAndGet();
                        Principal p = BearerTokenFilter.principal(req);
                        res.setContentType("text/plain");
                        res.getWriter()
                                .write(req.getUserPrincipal().getName() + " " + req.getAuthType() + " "
                                        + String.join(
                                                ",",
                                                p.scopes().stream().sorted().toList()));
                    }
                }),
                "/api/*");
        FilterHolder holder =
                new FilterHolder((Filter) (req, res, chain) -> filter.get().doFilter(req, res, chain));
        context.addFilter(holder, "/api/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(holder, ProtectedResource.WELL_KNOWN + "/*", EnumSet.of(DispatcherType.REQUEST));
        jetty.setHandler(context);
        jetty.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();

        TokenVerifier verifier = TokenVerifier.builder()
                .issuer(Issuer.builder(base)
                        .jwksUri(base + "/jwks")
                        .audiences("orders-api")
                        .build())
                .build();
        ProtectedResource resource = ProtectedResource.builder(base + "/api")
                .authorizationServer(base)
                .scopes("orders.read", "orders.write")
                .build();
        filter.set(BearerTokenFilter.builder(ResourceGuard.of(verifier, resource))
                .requirements(BearerTokenFilterJettyTest::requirementOf)
                .build());
    }

    /** Reading needs orders.read, writing orders.write; under /api/orgs/{org}/ the token's org_id must be it. */
    private static Requirement requirementOf(HttpServletRequest req) {
        Requirement.Builder r =
                Requirement.builder().scopes(req.getMethod().equals("GET") ? "orders.read" : "orders.write");
        Matcher m = ORG_PATH.matcher(req.getRequestURI());
        if (m.matches()) {
            r.claimEquals("org_id", m.group(1));
        }
        return r.build();
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.stop();
    }

    private static String token(String scope, String org, long lifetime) throws Exception {
        Instant now = Instant.now();
        return JwtSigner.builder(key)
                .type("at+jwt")
                .build()
                .sign(JwtClaims.builder()
                        .issuer(base)
                        .subject("user-7")
                        .audience("orders-api")
                        .issuedAt(now.minusSeconds(5))
                        .expiresAt(now.plusSeconds(lifetime))
                        .claim("scope", scope)
                        .claim("org_id", org)
                        .build());
    }

    private static HttpResponse<String> send(String method, String path, String... authorization) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody());
        for (String a : authorization) {
            b.header("Authorization", a);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String metadataUrl() {
        return base + "/.well-known/oauth-protected-resource/api";
    }

    @Test
    void theMetadataDocumentIsServedWithoutAToken() throws Exception {
        HttpResponse<String> r = send("GET", "/.well-known/oauth-protected-resource/api");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JwtClaims doc = JwtClaims.parse(r.body());
        assertThat(doc.getString("resource")).isEqualTo(base + "/api");
        assertThat(doc.getStringList("authorization_servers")).containsExactly(base);
    }

    @Test
    void aRequestWithoutATokenGetsABareChallengeAndNeverReachesTheApplication() throws Exception {
        int before = served.get();
        HttpResponse<String> r = send("GET", "/api/orders");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"" + base + "/api\", resource_metadata=\"" + metadataUrl() + "\"");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(served.get()).isEqualTo(before);
    }

    @Test
    void anAcceptedRequestCarriesThePrincipal() throws Exception {
        HttpResponse<String> r = send("GET", "/api/orders", "Bearer " + token("orders.read profile", "acme", 300));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("user-7 Bearer orders.read,profile");
    }

    @Test
    void eachRefusalHasItsStandardAnswer() throws Exception {
        int before = served.get();
        HttpResponse<String> scope = send("POST", "/api/orders", "Bearer " + token("orders.read", "acme", 300));
        assertThat(scope.statusCode()).isEqualTo(403);
        assertThat(scope.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"", "scope=\"orders.write\"");

        assertThat(send("GET", "/api/orgs/acme/orders", "Bearer " + token("orders.read", "acme", 300))
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> otherOrg =
                send("GET", "/api/orgs/globex/orders", "Bearer " + token("orders.read", "acme", 300));
        assertThat(otherOrg.statusCode()).isEqualTo(403);

        HttpResponse<String> expired = send("GET", "/api/orders", "Bearer " + token("orders.read", "acme", -120));
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"invalid_token\"", "resource_metadata=\"" + metadataUrl() + "\"");

        String t = token("orders.read", "acme", 300);
        assertThat(send("GET", "/api/orders", "Bearer " + t, "Bearer " + t).statusCode())
                .isEqualTo(400);
        assertThat(send("GET", "/api/orders", "Basic dXNlcjpwYXNz").statusCode())
                .isEqualTo(401);
        // One success above; the refused requests never reached the application.
        assertThat(served.get()).isEqualTo(before + 1);
    }
}
