package dev.signet.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.JwkSet;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.Jwt;
import dev.signet.jose.JwtVerifier;
import dev.signet.jose.KeySource;
import dev.signet.server.MutableClock;
import dev.signet.server.TestDatabases;
import dev.signet.server.TestServer;
import dev.signet.server.identity.UserAccount;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** The authorization-code grant with PKCE, on both stores: what it answers, and everything it refuses. */
class AuthorizationCodeGrantTest {

    @TempDir
    Path dir;

    PeopleFlows flows;
    PeopleFlows.Users users = new PeopleFlows.Users();
    MutableClock clock = MutableClock.startingNow();

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    @AfterEach
    void stop() {
        if (flows != null) {
            flows.server.close();
        }
    }

    private PeopleFlows start(String kind) {
        flows = PeopleFlows.start(
                TestDatabases.create(kind).url(), dir.resolve(UUID.randomUUID().toString()), clock, users);
        return flows;
    }

    private static String error(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isBetween(400, 401);
        return TestServer.json(r).get("error").asString();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theCodeFlowAnswersAnAccessTokenAnIdTokenAndARefreshToken(String kind) throws Exception {
        PeopleFlows f = start(kind);
        UserAccount alice = users.add("alice");
        PeopleFlows.Pkce p = PeopleFlows.Pkce.fresh();
        String code = f.code("web-app", alice, "sid-1", p, List.of("openid", "profile", "orders.read"), "nonce-1");
        HttpResponse<String> r = f.redeem("web-app", code, PeopleFlows.REDIRECT, p.verifier());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = TestServer.json(r);
        assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(body.get("scope").asString()).isEqualTo("openid profile orders.read");
        assertThat(body.get("refresh_token").asString()).hasSize(43);

        JwkSet jwks = JwkSet.parse(f.server.get("/tenants/default/jwks").body());
        Jwt access = JwtVerifier.builder(KeySource.of(jwks))
                .issuer(f.server.issuer())
                .audience("orders-api")
                .type("at+jwt")
                .clock(clock)
                .build()
                .verify(body.get("access_token").asString());
        assertThat(access.claims().subject()).isEqualTo(alice.userId());
        assertThat(access.claims().getString("client_id")).isEqualTo("web-app");
        assertThat(access.claims().getString("sid")).isEqualTo("sid-1");
        assertThat(access.claims().getString("acr")).isEqualTo("urn:signet:acr:pwd");
        assertThat(access.claims().has("auth_time")).isTrue();
        assertThat(access.claims().has("jti")).isTrue();
        // no personal data in access tokens unless a claim mapping adds it
        assertThat(access.claims().has("email")).isFalse();
        assertThat(access.claims().has("roles")).isFalse();
        assertThat(access.claims().expiresAt().getEpochSecond()
                        - access.claims().issuedAt().getEpochSecond())
                .isBetween(300L, 900L);

        String idToken = body.get("id_token").asString();
        Jwt id = JwtVerifier.builder(KeySource.of(jwks))
                .issuer(f.server.issuer())
                .audience("web-app")
                .type("JWT")
                .clock(clock)
                .build()
                .verify(idToken);
        assertThat(id.claims().subject()).isEqualTo(alice.userId());
        assertThat(id.claims().getString("nonce")).isEqualTo("nonce-1");
        assertThat(id.claims().getString("azp")).isEqualTo("web-app");
        assertThat(id.claims().getString("sid")).isEqualTo("sid-1");
        assertThat(id.claims().getString("acr")).isEqualTo("urn:signet:acr:pwd");
        assertThat(id.claims().get("amr")).isEqualTo(List.of("pwd"));
        assertThat(id.claims().getString("at_hash"))
                .isEqualTo(IdTokens.atHash(
                        body.get("access_token").asString(),
                        JwsAlgorithm.fromIdentifier(id.header().algorithm())));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aCodeWorksOnceAndItsReplayRevokesWhatItIssued(String kind) {
        PeopleFlows f = start(kind);
        UserAccount alice = users.add("alice");
        PeopleFlows.Pkce p = PeopleFlows.Pkce.fresh();
        String code = f.code("web-app", alice, "sid-1", p, List.of("openid", "orders.read"), null);
        JsonNode first = TestServer.json(f.redeem("web-app", code, PeopleFlows.REDIRECT, p.verifier()));
        String refresh = first.get("refresh_token").asString();
        String access = first.get("access_token").asString();
        assertThat(f.introspect(access).get("active").asBoolean()).isTrue();
        assertThat(f.introspect(refresh).get("active").asBoolean()).isTrue();

        assertThat(error(f.redeem("web-app", code, PeopleFlows.REDIRECT, p.verifier())))
                .isEqualTo("invalid_grant");
        assertThat(f.introspect(access).get("active").asBoolean()).isFalse();
        assertThat(f.introspect(refresh).get("active").asBoolean()).isFalse();
        assertThat(error(f.refresh("web-app", refresh))).isEqualTo("invalid_grant");
        assertThat(f.revoked(f.familyOf(refresh))).isTrue();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aCodeExpiresAfterSixtySeconds(String kind) {
        PeopleFlows f = start(kind);
        UserAccount alice = users.add("alice");
        PeopleFlows.Pkce p = PeopleFlows.Pkce.fresh();
        String code = f.code("web-app", alice, "sid-1", p, List.of("openid"), null);
        clock.advance(Duration.ofSeconds(60));
        assertThat(error(f.redeem("web-app", code, PeopleFlows.REDIRECT, p.verifier())))
                .isEqualTo("invalid_grant");
        String code2 = f.code("web-app", alice, "sid-1", p, List.of("openid"), null);
        clock.advance(Duration.ofSeconds(59));
        assertThat(f.redeem("web-app", code2, PeopleFlows.REDIRECT, p.verifier())
                        .statusCode())
                .isEqualTo(200);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aCodeIsBoundToItsClientRedirectUriAndChallenge(String kind) {
        PeopleFlows f = start(kind);
        UserAccount alice = users.add("alice");
        PeopleFlows.Pkce p = PeopleFlows.Pkce.fresh();
        String code = f.code("web-app", alice, "sid-1", p, List.of("openid"), null);
        // another client
        assertThat(error(f.redeem("web-grace", code, PeopleFlows.REDIRECT, p.verifier())))
                .isEqualTo("invalid_grant");
        // redirect URI variations
        for (String other : List.of(
                PeopleFlows.REDIRECT + "/",
                PeopleFlows.REDIRECT + "/x",
                "http://127.0.0.1:5174/callback",
                "http://localhost:5173/callback",
                "HTTP://127.0.0.1:5173/callback",
                "http://127.0.0.1:5173/Callback")) {
            assertThat(error(f.redeem("web-app", code, other, p.verifier())))
                    .as(other)
                    .isEqualTo("invalid_grant");
        }
        assertThat(error(f.redeem("web-app", code, null, p.verifier()))).isEqualTo("invalid_request");
        // PKCE: missing, plain (the challenge itself as verifier), malformed, wrong
        assertThat(error(f.redeem("web-app", code, PeopleFlows.REDIRECT, null))).isEqualTo("invalid_request");
        assertThat(error(f.redeem("web-app", code, PeopleFlows.REDIRECT, p.challenge())))
                .isEqualTo("invalid_grant");
        assertThat(error(f.redeem("web-app", code, PeopleFlows.REDIRECT, "short")))
                .isEqualTo("invalid_request");
        assertThat(error(f.redeem("web-app", code, PeopleFlows.REDIRECT, p.verifier() + "!")))
                .isEqualTo("invalid_request");
        assertThat(error(f.redeem(
                        "web-app",
                        code,
                        PeopleFlows.REDIRECT,
                        PeopleFlows.Pkce.fresh().verifier())))
                .isEqualTo("invalid_grant");
        // none of that used the code up
        assertThat(f.redeem("web-app", code, PeopleFlows.REDIRECT, p.verifier()).statusCode())
                .isEqualTo(200);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aDisabledOrDeletedUserGetsNoTokens(String kind) {
        PeopleFlows f = start(kind);
        UserAccount alice = users.add("alice");
        UserAccount bob = users.add("bob");
        PeopleFlows.Pkce p = PeopleFlows.Pkce.fresh();
        String a = f.code("web-app", alice, "sid-1", p, List.of("openid"), null);
        String b = f.code("web-app", bob, "sid-2", p, List.of("openid"), null);
        users.disable(alice);
        users.byId.remove(bob.userId());
        assertThat(error(f.redeem("web-app", a, PeopleFlows.REDIRECT, p.verifier())))
                .isEqualTo("invalid_grant");
        assertThat(error(f.redeem("web-app", b, PeopleFlows.REDIRECT, p.verifier())))
                .isEqualTo("invalid_grant");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void clientsAuthenticateAsTheirTypeSays(String kind) {
        PeopleFlows f = start(kind);
        UserAccount alice = users.add("alice");
        PeopleFlows.Pkce p = PeopleFlows.Pkce.fresh();
        String code = f.code("backend", alice, "sid-1", p, List.of("openid", "profile"), null);
        // a confidential client that presents its id only is not a public client
        List<String> form = List.of(
                "grant_type",
                "authorization_code",
                "code",
                code,
                "redirect_uri",
                "https://app.example.com/cb",
                "code_verifier",
                p.verifier(),
                "client_id",
                "backend");
        HttpResponse<String> r = f.server.postForm("/tenants/default/token", form);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(TestServer.json(r).get("error").asString()).isEqualTo("invalid_client");
        // a public client cannot present a secret (it has none)
        HttpResponse<String> pub = f.server.postForm(
                "/tenants/default/token",
                List.of(
                        "grant_type",
                        "refresh_token",
                        "refresh_token",
                        "x",
                        "client_id",
                        "web-app",
                        "client_secret",
                        TestServer.ORDERS_SECRET));
        assertThat(pub.statusCode()).isEqualTo(401);
        // a public client cannot introspect
        HttpResponse<String> intro =
                f.server.postForm("/tenants/default/introspect", List.of("token", "x", "client_id", "web-app"));
        assertThat(intro.statusCode()).isEqualTo(401);
        // the confidential client with its secret: the mapped claims are in its access token
        JsonNode ok = TestServer.json(f.redeem("backend", code, "https://app.example.com/cb", p.verifier()));
        String[] parts = ok.get("access_token").asString().split("\\.", -1);
        String payload =
                new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(payload).contains("\"org_id\":\"default\"").contains("\"roles\":[\"admin\"]");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aClientWithoutTheRefreshGrantGetsNoRefreshToken(String kind) {
        PeopleFlows f = start(kind);
        UserAccount alice = users.add("alice");
        PeopleFlows.Pkce p = PeopleFlows.Pkce.fresh();
        String code = f.code("code-only", alice, "sid-1", p, List.of("orders.read"), null);
        JsonNode body = TestServer.json(f.redeem("code-only", code, PeopleFlows.REDIRECT, p.verifier()));
        assertThat(body.has("access_token")).isTrue();
        assertThat(body.has("refresh_token")).isFalse();
        assertThat(body.has("id_token")).isFalse(); // no openid scope
        assertThat(f.count("SELECT COUNT(*) FROM refresh_families")).isZero();
    }
}
