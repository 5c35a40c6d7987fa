package dev.signet.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

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

/** Refresh-token rotation, reuse detection, the grace rule, lifetimes, revocation and userinfo, on both stores. */
class RefreshTokenGrantTest {

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
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        return TestServer.json(r).get("error").asString();
    }

    private static String refreshed(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TestServer.json(r).get("refresh_token").asString();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void everyRefreshRotatesAndTheChainGoesOn(String kind) {
        PeopleFlows f = start(kind);
        UserAccount alice = users.add("alice");
        String t = f.signIn("web-app", alice, "sid-1").get("refresh_token").asString();
        String family = f.familyOf(t);
        java.util.Set<String> seen = new java.util.HashSet<>(List.of(t));
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = f.refresh("web-app", t);
            JsonNode body = TestServer.json(r);
            assertThat(body.get("access_token").asString()).isNotEmpty();
            assertThat(body.get("id_token").asString()).isNotEmpty(); // openid was granted
            String next = refreshed(r);
            assertThat(seen.add(next)).isTrue();
            assertThat(f.familyOf(next)).isEqualTo(family);
            assertThat(f.introspect(t).get("active").asBoolean()).isFalse();
            t = next;
        }
        assertThat(f.members(family)).isEqualTo(5);
        JsonNode intro = f.introspect(t);
        assertThat(intro.get("active").asBoolean()).isTrue();
        assertThat(intro.get("token_type").asString()).isEqualTo("refresh_token");
        assertThat(intro.get("client_id").asString()).isEqualTo("web-app");
        assertThat(intro.get("sub").asString()).isEqualTo(alice.userId());
        assertThat(intro.get("scope").asString()).isEqualTo("openid orders.read");
        assertThat(intro.has("exp")).isTrue();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aReusedTokenRevokesItsFamilyAndTheLegitimateHolderIsSignedOut(String kind) {
        PeopleFlows f = start(kind);
        UserAccount alice = users.add("alice");
        String a = f.signIn("web-app", alice, "sid-1").get("refresh_token").asString();
        String b = refreshed(f.refresh("web-app", a)); // the legitimate holder rotates
        assertThat(error(f.refresh("web-app", a))).isEqualTo("invalid_grant"); // the thief replays
        assertThat(f.revoked(f.familyOf(a))).isTrue();
        assertThat(error(f.refresh("web-app", b))).isEqualTo("invalid_grant");
        assertThat(f.members(f.familyOf(a))).isEqualTo(2);
        assertThat(f.server.get("/metrics").body())
                .contains("signet_refresh_tokens_reused_total{tenant=\"default\"} 1.0");
        f.server.server().audit().flush(5_000);
        assertThat(f.count("SELECT COUNT(*) FROM audit_events WHERE type = 'refresh_token.reused'"))
                .isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aRetryWithinTheGracePeriodGetsTheSameSuccessor(String kind) {
        PeopleFlows f = start(kind);
        UserAccount alice = users.add("alice");
        String a = f.signIn("web-grace", alice, "sid-1").get("refresh_token").asString();
        String b = refreshed(f.refresh("web-grace", a));
        clock.advance(Duration.ofSeconds(9));
        assertThat(refreshed(f.refresh("web-grace", a))).isEqualTo(b); // the lost response, answered again
        assertThat(f.members(f.familyOf(a))).isEqualTo(2);
        assertThat(f.revoked(f.familyOf(a))).isFalse();
        // another client never gets the grace
        assertThat(error(f.refresh("web-app", a))).isEqualTo("invalid_grant");
        assertThat(f.revoked(f.familyOf(a))).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(error(f.refresh("web-grace", a))).isEqualTo("invalid_grant"); // past the grace: reuse
        assertThat(f.revoked(f.familyOf(a))).isTrue();
        assertThat(error(f.refresh("web-grace", b))).isEqualTo("invalid_grant");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void noGraceOnceTheSuccessorWasUsed(String kind) {
        PeopleFlows f = start(kind);
        UserAccount alice = users.add("alice");
        String a = f.signIn("web-grace", alice, "sid-1").get("refresh_token").asString();
        String b = refreshed(f.refresh("web-grace", a));
        refreshed(f.refresh("web-grace", b));
        assertThat(error(f.refresh("web-grace", a))).isEqualTo("invalid_grant");
        assertThat(f.revoked(f.familyOf(a))).isTrue();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void anotherClientsRefreshTokenIsRefusedAndNotRotated(String kind) {
        PeopleFlows f = start(kind);
        UserAccount alice = users.add("alice");
        String a = f.signIn("web-app", alice, "sid-1").get("refresh_token").asString();
        assertThat(error(f.refresh("web-grace", a))).isEqualTo("invalid_grant");
        assertThat(error(f.refresh("backend", a))).isEqualTo("invalid_grant");
        assertThat(f.members(f.familyOf(a))).isEqualTo(1);
        refreshed(f.refresh("web-app", a)); // still the owner's
        assertThat(error(f.refresh("web-app", "not-a-token"))).isEqualTo("invalid_grant");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void idleAndAbsoluteLifetimesEndTheFamily(String kind) {
        PeopleFlows f = start(kind);
        UserAccount alice = users.add("alice");
        // web-grace: idle 1h, absolute 2h
        String a = f.signIn("web-grace", alice, "sid-1").get("refresh_token").asString();
        clock.advance(Duration.ofMinutes(59));
        String b = refreshed(f.refresh("web-grace", a));
        clock.advance(Duration.ofMinutes(59));
        String c = refreshed(f.refresh("web-grace", b));
        clock.advance(Duration.ofMinutes(3)); // 2h01 after the sign-in, 3 minutes after the last refresh
        assertThat(error(f.refresh("web-grace", c))).isEqualTo("invalid_grant");
        assertThat(f.introspect(c).get("active").asBoolean()).isFalse();

        String d = f.signIn("web-grace", alice, "sid-2").get("refresh_token").asString();
        clock.advance(Duration.ofMinutes(60)); // idle for an hour
        assertThat(error(f.refresh("web-grace", d))).isEqualTo("invalid_grant");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void scopeMayNarrowButNotWiden(String kind) {
        PeopleFlows f = start(kind);
        UserAccount alice = users.add("alice");
        String a = f.signIn("web-app", alice, "sid-1").get("refresh_token").asString();
        HttpResponse<String> wider = f.refresh("web-app", a, "scope", "openid orders.read email");
        assertThat(error(wider)).isEqualTo("invalid_scope");
        HttpResponse<String> narrow = f.refresh("web-app", a, "scope", "orders.read");
        assertThat(narrow.statusCode()).as(narrow.body()).isEqualTo(200);
        JsonNode body = TestServer.json(narrow);
        assertThat(body.get("scope").asString()).isEqualTo("orders.read");
        assertThat(body.has("id_token")).isFalse();
        // the family keeps its scopes
        String b = body.get("refresh_token").asString();
        assertThat(TestServer.json(f.refresh("web-app", b)).get("scope").asString())
                .isEqualTo("openid orders.read");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aDisabledUsersRefreshIsRefused(String kind) {
        PeopleFlows f = start(kind);
        UserAccount alice = users.add("alice");
        String a = f.signIn("web-app", alice, "sid-1").get("refresh_token").asString();
        users.disable(alice);
        assertThat(error(f.refresh("web-app", a))).isEqualTo("invalid_grant");
        assertThat(f.introspect(a).get("active").asBoolean()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void revokeLogoutAndCredentialChangesEndFamilies(String kind) {
        PeopleFlows f = start(kind);
        UserAccount alice = users.add("alice");
        UserAccount bob = users.add("bob");
        String a1 = f.signIn("web-app", alice, "sid-a").get("refresh_token").asString();
        String a2 = f.signIn("web-grace", alice, "sid-a").get("refresh_token").asString();
        String a3 = f.signIn("web-app", alice, "sid-a2").get("refresh_token").asString();
        String b1 = f.signIn("web-app", bob, "sid-b").get("refresh_token").asString();
        String b2 = f.signIn("web-app", bob, "sid-b2").get("refresh_token").asString();

        // RFC 7009 by the owner (a public client: client_id only); another client's attempt changes nothing
        HttpResponse<String> other =
                f.server.postForm("/tenants/default/revoke", List.of("token", b2, "client_id", "web-grace"));
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(f.introspect(b2).get("active").asBoolean()).isTrue();
        HttpResponse<String> own =
                f.server.postForm("/tenants/default/revoke", List.of("token", b2, "client_id", "web-app"));
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(f.introspect(b2).get("active").asBoolean()).isFalse();
        assertThat(error(f.refresh("web-app", b2))).isEqualTo("invalid_grant");

        // logout ends the session's families, of every client, and only those
        assertThat(f.server.server().sessionRevocation().revokeSession("default", "sid-a", "logout"))
                .isEqualTo(2);
        assertThat(error(f.refresh("web-app", a1))).isEqualTo("invalid_grant");
        assertThat(error(f.refresh("web-grace", a2))).isEqualTo("invalid_grant");
        String a3next = refreshed(f.refresh("web-app", a3));

        // a credential change ends every family of the user
        f.server.server().credentialChangeListener().credentialsChanged("default", alice.userId(), "password_reset");
        assertThat(error(f.refresh("web-app", a3next))).isEqualTo("invalid_grant");
        refreshed(f.refresh("web-app", b1)); // bob's own sign-in is untouched
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void userinfoAnswersByScope(String kind) {
        PeopleFlows f = start(kind);
        UserAccount alice = users.add("alice");
        PeopleFlows.Pkce p = PeopleFlows.Pkce.fresh();
        String code = f.code("web-app", alice, "sid-1", p, List.of("openid", "profile", "email"), null);
        String access = TestServer.json(f.redeem("web-app", code, PeopleFlows.REDIRECT, p.verifier()))
                .get("access_token")
                .asString();
        HttpResponse<String> r = f.server.get("/tenants/default/userinfo", "Authorization", "Bearer " + access);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode u = TestServer.json(r);
        assertThat(u.get("sub").asString()).isEqualTo(alice.userId());
        assertThat(u.get("email").asString()).isEqualTo("alice@example.com");
        assertThat(u.get("email_verified").asBoolean()).isTrue();
        assertThat(u.get("name").asString()).isEqualTo("Alice Example");
        assertThat(u.get("preferred_username").asString()).isEqualTo("alice");
        HttpResponse<String> post =
                f.server.postForm("/tenants/default/userinfo", List.of(), "Authorization", "Bearer " + access);
        assertThat(post.statusCode()).isEqualTo(200);

        // openid only: the sub alone
        PeopleFlows.Pkce q = PeopleFlows.Pkce.fresh();
        String code2 = f.code("web-app", alice, "sid-1", q, List.of("openid"), null);
        String bare = TestServer.json(f.redeem("web-app", code2, PeopleFlows.REDIRECT, q.verifier()))
                .get("access_token")
                .asString();
        JsonNode sub = TestServer.json(f.server.get("/tenants/default/userinfo", "Authorization", "Bearer " + bare));
        assertThat(sub.size()).isEqualTo(1);

        // RFC 6750 refusals
        HttpResponse<String> none = f.server.get("/tenants/default/userinfo");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"signet\"");
        HttpResponse<String> bad = f.server.get("/tenants/default/userinfo", "Authorization", "Bearer x.y.z");
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.headers().firstValue("WWW-Authenticate").orElse("")).contains("error=\"invalid_token\"");
        String machine =
                f.server.ordersToken("scope", "openid").get("access_token").asString();
        HttpResponse<String> m = f.server.get("/tenants/default/userinfo", "Authorization", "Bearer " + machine);
        assertThat(m.statusCode()).isEqualTo(401);
        users.disable(alice);
        assertThat(f.server
                        .get("/tenants/default/userinfo", "Authorization", "Bearer " + access)
                        .statusCode())
                .isEqualTo(401);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void thePurgeDeletesLongExpiredFamiliesAndCodes(String kind) {
        PeopleFlows f = start(kind);
        UserAccount alice = users.add("alice");
        String a = f.signIn("web-grace", alice, "sid-1").get("refresh_token").asString();
        refreshed(f.refresh("web-grace", a));
        String live = f.signIn("web-app", alice, "sid-2").get("refresh_token").asString();
        assertThat(f.count("SELECT COUNT(*) FROM refresh_tokens WHERE successor_sealed IS NOT NULL"))
                .isEqualTo(1);
        clock.advance(Duration.ofHours(2).plusDays(1).plusMinutes(5)); // web-grace's absolute lifetime, and a day
        f.server.server().purgeUserTokens(clock.instant());
        assertThat(f.count("SELECT COUNT(*) FROM refresh_tokens WHERE successor_sealed IS NOT NULL"))
                .isZero();
        assertThat(f.count("SELECT COUNT(*) FROM refresh_families")).isEqualTo(1);
        assertThat(f.count("SELECT COUNT(*) FROM refresh_tokens")).isEqualTo(1);
        assertThat(f.count("SELECT COUNT(*) FROM authorization_codes")).isZero();
        refreshed(f.refresh("web-app", live));
    }
}
