package dev.signet.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.JwtClaims;
import dev.signet.verify.Issuer;
import dev.signet.verify.ProtectedResource;
import dev.signet.verify.TokenVerifier;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The decision on its own: check order, the exact challenges, claim forwarding, deny by default. */
class ForwardAuthTest {

    private static final String R = "realm=\"http://127.0.0.1:9000\"";
    private static final String MD = "resource_metadata=\"http://127.0.0.1:9000/.well-known/oauth-protected-resource\"";

    private static TestIssuer issuer;
    private static ForwardAuth auth;

    @BeforeAll
    static void setUp() throws Exception {
        issuer = new TestIssuer();
        EdgeConfig cfg = EdgeConfigLoader.parse("""
                listen: 127.0.0.1:9000
                issuers:
                  - issuer: %s
                    audiences: [orders-api]
                routes:
                  - match: { path: /public/** }
                    anonymous: true
                  - match: { path: /orgs/acme/** }
                    require: { scopes: [orders.read], claims: { org_id: acme } }
                  - match: { path: /orders/**, methods: [GET] }
                    require: { scopes: [orders.read] }
                  - match: { path: /orders/**, methods: [POST, PUT, DELETE] }
                    require: { scopes: [orders.write], acr: [urn:signet:acr:mfa], max-age: 10m }
                  - match: { path: /me }
                forward:
                  X-Auth-Subject: sub
                  X-Auth-Client: client_id
                  X-Auth-Scopes: scope
                  X-Auth-Groups: groups
                  X-Auth-Email: email
                """.formatted(issuer.issuer));
        TokenVerifier verifier = TokenVerifier.builder()
                .issuer(Issuer.builder(issuer.issuer).audiences("orders-api").build())
                .build();
        ProtectedResource resource =
                ProtectedResource.builder("http://127.0.0.1:9000").build();
        auth = new ForwardAuth(verifier, resource, cfg.routes(), cfg.forward(), Clock.systemUTC());
    }

    @AfterAll
    static void tearDown() {
        issuer.close();
    }

    private static List<String> bearer(String token) {
        return List.of("Bearer " + token);
    }

    private static String www(Decision d) {
        return d.headers().get("WWW-Authenticate");
    }

    @Test
    void allowedRequestForwardsTheIdentity() throws Exception {
        String t = issuer.token(Map.of("scope", "orders.read profile", "groups", List.of("staff", "eu")));
        Decision d = auth.decide("GET", "/orders/7?x=1", bearer(t));
        assertThat(d.status()).isEqualTo(200);
        assertThat(d.reason()).isEqualTo(Decision.Reason.OK);
        assertThat(d.issuer()).isEqualTo(issuer.issuer);
        assertThat(d.headers())
                .containsExactly(
                        Map.entry("X-Auth-Subject", "alice"),
                        Map.entry("X-Auth-Client", "web"),
                        Map.entry("X-Auth-Scopes", "orders.read profile"),
                        Map.entry("X-Auth-Groups", "staff eu"));
    }

    @Test
    void claimValuesAreForwardedAsTheRulesSay() {
        JwtClaims c = JwtClaims.builder()
                .subject("bob")
                .claim("scope", List.of("a", "b"))
                .claim("groups", Map.of("nested", "x"))
                .claim("email", "bob\r\nX-Auth-Admin: yes")
                .build();
        assertThat(auth.identity(c))
                .containsExactly(Map.entry("X-Auth-Subject", "bob"), Map.entry("X-Auth-Scopes", "a b"));
        assertThat(ForwardAuth.headerValue(42L)).isEqualTo("42");
        assertThat(ForwardAuth.headerValue(null)).isNull();
        assertThat(ForwardAuth.headerValue(List.of("x", Map.of()))).isNull();
        assertThat(ForwardAuth.headerValue("caf\u00e9")).isNull();
    }

    @Test
    void anonymousRouteForwardsNoIdentityEvenWithAToken() throws Exception {
        Decision none = auth.decide("GET", "/public/x", List.of());
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.headers()).isEmpty();
        Decision withToken = auth.decide("POST", "/public/x", bearer(issuer.token(Map.of("scope", "orders.read"))));
        assertThat(withToken.status()).isEqualTo(200);
        assertThat(withToken.reason()).isEqualTo(Decision.Reason.ANONYMOUS);
        assertThat(withToken.headers()).isEmpty();
        assertThat(auth.decide("GET", "/public/x", List.of("Bearer garbage")).headers())
                .isEmpty();
    }

    @Test
    void noTokenIsABareChallenge() {
        Decision d = auth.decide("GET", "/orders", List.of());
        assertThat(d.status()).isEqualTo(401);
        assertThat(www(d)).isEqualTo("Bearer " + R + ", " + MD);
        assertThat(auth.decide("GET", "/orders", List.of("Basic YTpi")).status())
                .isEqualTo(401);
    }

    @Test
    void invalidTokenComesFirst() throws Exception {
        // Wrong audience AND missing scope: the token's validity answers.
        String t = issuer.token(issuer.es256, "at+jwt", c -> c.audience("billing"));
        Decision d = auth.decide("POST", "/orders", bearer(t));
        assertThat(d.status()).isEqualTo(401);
        assertThat(d.reason()).isEqualTo(Decision.Reason.WRONG_AUDIENCE);
        assertThat(www(d)).startsWith("Bearer " + R + ", error=\"invalid_token\", error_description=\"");
        assertThat(www(d)).endsWith(MD);
    }

    @Test
    void unreadableCredentialsAreInvalidTokenNever400() {
        for (List<String> a : List.of(List.of("Bearer "), List.of("Bearer a b"), List.of("Bearer x", "Bearer y"))) {
            Decision d = auth.decide("GET", "/orders", a);
            assertThat(d.status()).as(a.toString()).isEqualTo(401);
            assertThat(www(d)).contains("error=\"invalid_token\"");
        }
        Decision garbage = auth.decide("GET", "/orders", List.of("Bearer not.a.jwt"));
        assertThat(garbage.status()).isEqualTo(401);
        assertThat(garbage.reason()).isEqualTo(Decision.Reason.MALFORMED);
        assertThat(garbage.issuer()).isEqualTo("untrusted");
    }

    @Test
    void scopesBeforeClaimsBeforeStepUp() throws Exception {
        // Missing scope, wrong acr, no auth_time: the scope answers.
        Decision scope = auth.decide("POST", "/orders", bearer(issuer.token(Map.of("scope", "orders.read"))));
        assertThat(scope.status()).isEqualTo(403);
        assertThat(scope.reason()).isEqualTo(Decision.Reason.INSUFFICIENT_SCOPE);
        assertThat(www(scope))
                .isEqualTo("Bearer " + R + ", error=\"insufficient_scope\","
                        + " error_description=\"the token lacks scope orders.write\", scope=\"orders.write\", " + MD);

        // Scope there, claim wrong.
        Decision claim = auth.decide(
                "GET", "/orgs/acme/orders", bearer(issuer.token(Map.of("scope", "orders.read", "org_id", "evil"))));
        assertThat(claim.status()).isEqualTo(403);
        assertThat(claim.reason()).isEqualTo(Decision.Reason.CLAIM_MISMATCH);
        assertThat(www(claim))
                .isEqualTo("Bearer " + R + ", error=\"insufficient_scope\","
                        + " error_description=\"the token's org_id does not allow this\", " + MD);
        assertThat(auth.decide(
                                "GET",
                                "/orgs/acme/orders",
                                bearer(issuer.token(Map.of("scope", "orders.read", "org_id", "acme"))))
                        .status())
                .isEqualTo(200);

        // Scope there, step-up missing: both acr_values and max_age.
        Decision stepUp = auth.decide("DELETE", "/orders/7", bearer(issuer.token(Map.of("scope", "orders.write"))));
        assertThat(stepUp.status()).isEqualTo(401);
        assertThat(stepUp.reason()).isEqualTo(Decision.Reason.STEP_UP);
        assertThat(www(stepUp))
                .isEqualTo("Bearer " + R + ", error=\"insufficient_user_authentication\","
                        + " error_description=\"a stronger sign-in is required\", acr_values=\"urn:signet:acr:mfa\","
                        + " max_age=\"600\", " + MD);

        // Old sign-in with the right acr.
        Decision old = auth.decide(
                "PUT",
                "/orders/7",
                bearer(issuer.token(Map.of(
                        "scope",
                        "orders.write",
                        "acr",
                        "urn:signet:acr:mfa",
                        "auth_time",
                        Instant.now().minusSeconds(3600).getEpochSecond()))));
        assertThat(old.status()).isEqualTo(401);
        assertThat(www(old)).contains("a more recent sign-in is required").contains("max_age=\"600\"");

        Decision fresh = auth.decide(
                "PUT",
                "/orders/7",
                bearer(issuer.token(Map.of(
                        "scope",
                        "orders.write",
                        "acr",
                        "urn:signet:acr:mfa",
                        "auth_time",
                        Instant.now().minusSeconds(60).getEpochSecond()))));
        assertThat(fresh.status()).isEqualTo(200);
    }

    @Test
    void denyByDefault() throws Exception {
        Decision without = auth.decide("GET", "/admin", List.of());
        assertThat(without.status()).isEqualTo(401);
        assertThat(without.reason()).isEqualTo(Decision.Reason.NO_ROUTE);
        assertThat(www(without)).isEqualTo("Bearer " + R + ", " + MD);
        Decision with = auth.decide("GET", "/admin", bearer(issuer.token(Map.of("scope", "orders.read"))));
        assertThat(with.status()).isEqualTo(403);
        assertThat(with.headers()).doesNotContainKey("X-Auth-Subject");
        // A method no route lists.
        assertThat(auth.decide("PATCH", "/orders/7", bearer(issuer.token(Map.of("scope", "orders.write"))))
                        .status())
                .isEqualTo(403);
        // Methods are case-sensitive: "get" is not GET.
        assertThat(auth.decide("get", "/orders/7", bearer(issuer.token(Map.of("scope", "orders.read"))))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void everyPathAttackIsRefusedOrLandsOnTheRealRoute() throws Exception {
        String reader = issuer.token(Map.of("scope", "orders.read"));
        for (String t : List.of(
                "/public/..%2fadmin",
                "/public/%2e%2e%2fadmin", "/public%5c..%5cadmin", "/public/%00", "/public/a..b")) {
            Decision d = auth.decide("GET", t, List.of());
            assertThat(d.status()).as(t).isEqualTo(403);
            assertThat(d.reason()).as(t).isEqualTo(Decision.Reason.BAD_PATH);
            assertThat(d.headers()).as(t).isEmpty();
        }
        // Dot segments are resolved first: these are requests for /admin or /orders, judged as such.
        for (String t : List.of("/public/../admin", "/public/%2e%2e/admin", "/public/./../admin", "//admin")) {
            assertThat(auth.decide("GET", t, List.of()).status()).as(t).isEqualTo(401);
            assertThat(auth.decide("GET", t, List.of()).reason()).as(t).isEqualTo(Decision.Reason.NO_ROUTE);
        }
        assertThat(auth.decide("GET", "/public/../orders/7", List.of()).reason())
                .isEqualTo(Decision.Reason.NO_TOKEN);
        assertThat(auth.decide("GET", "/public/%2E%2E/orders", bearer(reader)).status())
                .isEqualTo(200);
        // Case: /PUBLIC is not /public.
        assertThat(auth.decide("GET", "/PUBLIC/x", List.of()).status()).isEqualTo(401);
        // Double slashes with dot segments: refused.
        assertThat(auth.decide("GET", "/public//../admin", List.of()).status()).isEqualTo(403);
        // Unknown original request.
        assertThat(auth.decide(null, "/public/x", List.of()).status()).isEqualTo(403);
    }
}
