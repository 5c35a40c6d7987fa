package dev.signet.server.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The authorize endpoint, the sign-in forms and logout over HTTP, and the attacks on them. */
class SignInEndpointsTest {

    static final String CALLBACK = "https://app.example/callback";
    static final String AFTER_LOGOUT = "https://app.example/";

    @TempDir
    Path dir;

    SignInServer s;
    TestBrowser browser;

    @BeforeEach
    void start() {
        s = SignInServer.start(dir, List.of(CALLBACK, "http://127.0.0.1:5173/cb?x=1"), List.of(AFTER_LOGOUT));
        browser = new TestBrowser(s.base());
    }

    @AfterEach
    void stop() {
        s.close();
    }

    /** The authorize parameters of a valid request, with overrides (a null value removes one). */
    static String authorize(String... overrides) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", "web-app");
        p.put("redirect_uri", CALLBACK);
        p.put("scope", "openid orders.read");
        p.put("state", "st-123");
        p.put("nonce", "n-456");
        p.put("code_challenge", SignInServer.CHALLENGE);
        p.put("code_challenge_method", "S256");
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                p.remove(overrides[i]);
            } else {
                p.put(overrides[i], overrides[i + 1]);
            }
        }
        List<String> parts = new ArrayList<>();
        p.forEach((k, v) -> parts.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return "/tenants/default/authorize?" + String.join("&", parts);
    }

    /** Signs alice in and allows the client: the final redirect to the client. */
    HttpResponse<String> signInAlice(String... overrides) {
        HttpResponse<String> page = browser.get(authorize(overrides));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("name=\"username\"").contains("name=\"password\"");
        HttpResponse<String> next = browser.submit("username", "alice", "password", SignInServer.ALICE_PASSWORD);
        if (next.statusCode() == 200 && next.body().contains("value=\"allow\"")) {
            next = browser.submit("decision", "allow");
        }
        return next;
    }

    static void assertSecurityHeaders(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Security-Policy"))
                .hasValue("default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none';"
                        + " base-uri 'none'");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void signsInConsentsAndRedirectsWithCodeStateAndIss() {
        HttpResponse<String> page = browser.get(authorize());
        assertSecurityHeaders(page);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.body())
                .contains("<meta name=\"viewport\"")
                .contains("<label for=\"username\">")
                .contains("name=\"csrf_token\"")
                .doesNotContain("<script")
                .doesNotContain("style=");
        HttpResponse<String> consent = browser.submit("username", "alice", "password", SignInServer.ALICE_PASSWORD);
        assertThat(consent.statusCode()).isEqualTo(200);
        assertSecurityHeaders(consent);
        assertThat(consent.body())
                .contains("<button name=\"decision\" value=\"allow\"")
                .contains("<button name=\"decision\" value=\"deny\"")
                .contains("orders.read");
        HttpResponse<String> done = browser.submit("decision", "allow");
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(done.headers().firstValue("Location").orElseThrow()).startsWith(CALLBACK + "?code=");
        Map<String, String> q = TestBrowser.query(done);
        assertThat(q).containsEntry("state", "st-123").containsEntry("iss", s.issuer());
        assertThat(q.get("code")).isNotBlank();
        var grant = s.identity.lastGrant();
        assertThat(grant.userId()).isEqualTo(s.alice.userId);
        assertThat(grant.clientId()).isEqualTo("web-app");
        assertThat(grant.redirectUri()).isEqualTo(CALLBACK);
        assertThat(grant.codeChallenge()).isEqualTo(SignInServer.CHALLENGE);
        assertThat(grant.scopes()).containsExactly("openid", "orders.read");
        assertThat(grant.nonce()).isEqualTo("n-456");
        assertThat(grant.acr()).isEqualTo("urn:signet:acr:pwd");
        assertThat(grant.amr()).containsExactly("pwd");
        assertThat(grant.authTime()).isEqualTo(s.clock.instant());
        assertThat(grant.sid()).isNotBlank();
    }

    @Test
    void consentIsRememberedAndPromptConsentAsksAgain() {
        assertThat(signInAlice().statusCode()).isEqualTo(303);
        HttpResponse<String> again = browser.get(authorize("state", "second"));
        assertThat(again.statusCode()).isEqualTo(302);
        assertThat(TestBrowser.query(again)).containsEntry("state", "second").containsKey("code");
        HttpResponse<String> asked = browser.get(authorize("prompt", "consent"));
        assertThat(asked.statusCode()).isEqualTo(200);
        assertThat(asked.body()).contains("value=\"allow\"");
        // A scope not consented to yet is asked for.
        HttpResponse<String> more = browser.get(authorize("scope", "openid profile"));
        assertThat(more.body()).contains("value=\"allow\"").contains("profile");
    }

    @Test
    void denyingConsentAnswersAccessDenied() {
        browser.get(authorize());
        browser.submit("username", "alice", "password", SignInServer.ALICE_PASSWORD);
        HttpResponse<String> denied = browser.submit("decision", "deny");
        assertThat(denied.statusCode()).isEqualTo(303);
        assertThat(TestBrowser.query(denied))
                .containsEntry("error", "access_denied")
                .containsEntry("state", "st-123")
                .containsEntry("iss", s.issuer())
                .doesNotContainKey("code");
        assertThat(s.identity.grants).isEmpty();
    }

    @Test
    void redirectUriVariationsGetAnErrorPageNeverARedirect() {
        List<String> variations = List.of(
                CALLBACK + "/",
                CALLBACK + "/extra",
                "https://app.example:8443/callback",
                "https://evil@app.example/callback",
                "https://app.example@evil.example/callback",
                CALLBACK + "#fragment",
                "https://APP.example/callback",
                "https://app.example/Callback",
                "http://app.example/callback",
                CALLBACK + "?x=1",
                "http://127.0.0.1:5173/cb",
                "http://127.0.0.1:5174/cb?x=1");
        for (String uri : variations) {
            HttpResponse<String> r = browser.get(authorize("redirect_uri", uri));
            assertThat(r.statusCode()).as(uri).isEqualTo(400);
            assertThat(r.headers().firstValue("Location")).as(uri).isEmpty();
            assertThat(r.body()).as(uri).contains("Invalid return address");
            assertSecurityHeaders(r);
        }
        assertThat(browser.get(authorize("redirect_uri", null)).statusCode()).isEqualTo(400);
        // The registered one with a query of its own is accepted, and the answer keeps that query.
        HttpResponse<String> ok =
                browser.get(authorize("redirect_uri", "http://127.0.0.1:5173/cb?x=1", "prompt", "none"));
        assertThat(ok.headers().firstValue("Location").orElseThrow())
                .startsWith("http://127.0.0.1:5173/cb?x=1&error=login_required");
    }

    @Test
    void unknownClientOrClientWithoutTheGrantGetsAnErrorPage() {
        s.identity.add(new SignInClients.Client(
                "machine", false, List.of(CALLBACK), List.of(), List.of("openid"), false, false, true));
        for (String client : new String[] {"nobody", "machine"}) {
            HttpResponse<String> r = browser.get(authorize("client_id", client));
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.headers().firstValue("Location")).isEmpty();
            assertThat(r.body()).contains("Unknown application");
        }
        HttpResponse<String> script = browser.get(authorize("client_id", "<script>alert(1)</script>"));
        assertThat(script.statusCode()).isEqualTo(400);
        assertThat(script.body()).doesNotContain("<script>").contains("&lt;script&gt;");
        assertThat(browser.get(authorize("client_id", null)).statusCode()).isEqualTo(400);
    }

    @Test
    void repeatedParameterIsAnErrorPage() {
        HttpResponse<String> r = browser.get(authorize() + "&redirect_uri=https%3A%2F%2Fevil.example%2F");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void pkceMissingOrPlainRedirectsInvalidRequestWithStateAndIss() {
        List<String[]> downgrades = List.of(
                new String[] {"code_challenge", null},
                new String[] {"code_challenge_method", null},
                new String[] {"code_challenge_method", "plain"},
                new String[] {"code_challenge_method", "s256"},
                new String[] {"code_challenge", "too-short"});
        for (String[] d : downgrades) {
            HttpResponse<String> r = browser.get(authorize(d[0], d[1]));
            assertThat(r.statusCode())
                    .as(String.join("=", d[0], String.valueOf(d[1])))
                    .isEqualTo(302);
            assertThat(TestBrowser.query(r))
                    .containsEntry("error", "invalid_request")
                    .containsEntry("state", "st-123")
                    .containsEntry("iss", s.issuer())
                    .doesNotContainKey("code");
        }
        assertThat(s.identity.signInAttempts).isEmpty();
    }

    @Test
    void otherRequestErrorsGoBackToTheClient() {
        assertThat(TestBrowser.query(browser.get(authorize("response_type", "token"))))
                .containsEntry("error", "unsupported_response_type")
                .containsEntry("iss", s.issuer());
        assertThat(TestBrowser.query(browser.get(authorize("scope", "openid admin"))))
                .containsEntry("error", "invalid_scope")
                .containsEntry("state", "st-123");
        assertThat(TestBrowser.query(browser.get(authorize("prompt", "none login"))))
                .containsEntry("error", "invalid_request");
        assertThat(TestBrowser.query(browser.get(authorize("max_age", "-1"))))
                .containsEntry("error", "invalid_request");
        assertThat(TestBrowser.query(browser.get(authorize("request", "eyJ9"))))
                .containsEntry("error", "request_not_supported");
        // POST /authorize takes the same parameters from the form.
        HttpResponse<String> post = browser.post(
                "/tenants/default/authorize",
                List.of("response_type", "code", "client_id", "web-app", "redirect_uri", CALLBACK, "state", "p"));
        assertThat(post.statusCode()).isEqualTo(303);
        assertThat(TestBrowser.query(post))
                .containsEntry("error", "invalid_request")
                .containsEntry("state", "p");
    }

    @Test
    void promptNoneWithoutSessionConsentOrSecondFactor() {
        assertThat(TestBrowser.query(browser.get(authorize("prompt", "none"))))
                .containsEntry("error", "login_required")
                .containsEntry("state", "st-123")
                .containsEntry("iss", s.issuer());
        // Signed in, consented to openid orders.read only.
        assertThat(signInAlice().statusCode()).isEqualTo(303);
        assertThat(TestBrowser.query(browser.get(authorize("prompt", "none")))).containsKey("code");
        assertThat(TestBrowser.query(browser.get(authorize("prompt", "none", "scope", "openid profile"))))
                .containsEntry("error", "consent_required");
        assertThat(TestBrowser.query(browser.get(authorize("prompt", "none", "acr_values", "urn:signet:acr:mfa"))))
                .containsEntry("error", "interaction_required");
        assertThat(TestBrowser.query(browser.get(authorize("prompt", "none", "client_id", "strict-app"))))
                .containsEntry("error", "interaction_required");
        s.clock.advance(Duration.ofSeconds(61));
        assertThat(TestBrowser.query(browser.get(authorize("prompt", "none", "max_age", "60"))))
                .containsEntry("error", "login_required");
    }

    @Test
    void maxAgeAndPromptLoginAskForThePasswordAgain() {
        assertThat(signInAlice().statusCode()).isEqualTo(303);
        var first = s.identity.lastGrant();
        s.clock.advance(Duration.ofMinutes(2));
        HttpResponse<String> fresh = browser.get(authorize("max_age", "300"));
        assertThat(fresh.statusCode()).isEqualTo(302);
        assertThat(s.identity.lastGrant().authTime()).isEqualTo(first.authTime());
        HttpResponse<String> again = browser.get(authorize("max_age", "60"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("name=\"password\"").contains("value=\"alice\"");
        HttpResponse<String> done = browser.submit("username", "alice", "password", SignInServer.ALICE_PASSWORD);
        assertThat(done.statusCode()).isEqualTo(303);
        var second = s.identity.lastGrant();
        assertThat(second.authTime()).isEqualTo(s.clock.instant()).isAfter(first.authTime());
        assertThat(second.sid()).isNotEqualTo(first.sid());
        // The replaced session is ended and its refresh tokens revoked.
        assertThat(s.identity.revokedSids).contains(first.sid());
        assertThat(browser.get(authorize("prompt", "login")).body()).contains("name=\"password\"");
    }

    @Test
    void userWithTotpIsAskedForACodeAndGetsAcrMfa() {
        browser.get(authorize("login_hint", "bob"));
        assertThat(browser.last.body()).contains("value=\"bob\"");
        HttpResponse<String> otp = browser.submit("username", "bob", "password", SignInServer.BOB_PASSWORD);
        assertThat(otp.body()).contains("name=\"otp\"");
        assertThat(browser.cookies.keySet()).noneMatch(k -> k.startsWith("signet-session"));
        HttpResponse<String> wrong = browser.submit("otp", "000000".equals(code()) ? "111111" : "000000");
        assertThat(wrong.body()).contains("That code is not valid");
        HttpResponse<String> consent = browser.submit("otp", code());
        assertThat(consent.body()).contains("value=\"allow\"");
        assertThat(browser.submit("decision", "allow").statusCode()).isEqualTo(303);
        var g = s.identity.lastGrant();
        assertThat(g.acr()).isEqualTo("urn:signet:acr:mfa");
        assertThat(g.amr()).containsExactly("pwd", "otp", "mfa");
    }

    private String code() {
        return Totp.code(s.bob.totpSecret, s.clock.instant());
    }

    @Test
    void tooManyWrongCodesEndThePendingSignIn() {
        browser.get(authorize());
        browser.submit("username", "bob", "password", SignInServer.BOB_PASSWORD);
        HttpResponse<String> r = null;
        for (int i = 0; i < SignInFlow.MAX_CODE_FAILURES; i++) {
            r = browser.submit("otp", "12345x");
        }
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("Too many wrong codes");
    }

    @Test
    void acrMfaForcesEnrolmentForAUserWithoutSecondFactor() {
        browser.get(authorize("acr_values", "urn:signet:acr:mfa"));
        HttpResponse<String> enrol = browser.submit("username", "alice", "password", SignInServer.ALICE_PASSWORD);
        assertThat(enrol.body())
                .contains("<img class=\"qr\" src=\"data:image/svg+xml;base64,")
                .contains("name=\"otp\"");
        String secret = enrol.body().replaceAll("(?s).*<code class=\"secret\">([A-Z2-7]+)</code>.*", "$1");
        HttpResponse<String> codes = browser.submit("otp", Totp.code(secret, s.clock.instant()));
        assertThat(codes.body()).contains("recovery codes");
        assertThat(s.alice.totpSecret).isEqualTo(secret);
        browser.submit();
        assertThat(browser.submit("decision", "allow").statusCode()).isEqualTo(303);
        assertThat(s.identity.lastGrant().acr()).isEqualTo("urn:signet:acr:mfa");
    }

    @Test
    void stepUpFromAPasswordSessionAsksOnlyForTheSecondFactor() {
        s.alice.totpSecret = null;
        assertThat(signInAlice().statusCode()).isEqualTo(303);
        String pwdSid = s.identity.lastGrant().sid();
        s.alice.totpSecret = Totp.newSecret();
        HttpResponse<String> otp = browser.get(authorize("acr_values", "urn:signet:acr:mfa"));
        assertThat(otp.body()).contains("name=\"otp\"").doesNotContain("name=\"password\"");
        HttpResponse<String> done = browser.submit("otp", Totp.code(s.alice.totpSecret, s.clock.instant()));
        assertThat(done.statusCode()).isEqualTo(303);
        var g = s.identity.lastGrant();
        assertThat(g.acr()).isEqualTo("urn:signet:acr:mfa");
        assertThat(g.sid()).isNotEqualTo(pwdSid);
        assertThat(s.identity.revokedSids).contains(pwdSid);
    }

    @Test
    void passwordChangeRequiredShowsTheChangePage() {
        s.alice.passwordChangeRequired = true;
        browser.get(authorize());
        HttpResponse<String> change = browser.submit("username", "alice", "password", SignInServer.ALICE_PASSWORD);
        assertThat(change.body()).contains("name=\"new_password\"");
        assertThat(browser.submit("new_password", "short", "confirm_password", "short")
                        .body())
                .contains("at least 12 characters");
        assertThat(browser.submit("new_password", "a new long password", "confirm_password", "another one")
                        .body())
                .contains("not the same");
        HttpResponse<String> consent =
                browser.submit("new_password", "a new long password", "confirm_password", "a new long password");
        assertThat(consent.body()).contains("value=\"allow\"");
        assertThat(s.alice.password).isEqualTo("a new long password");
    }

    @Test
    void unknownUserAndWrongPasswordGetTheSamePage() {
        browser.get(authorize());
        String unknown = normalized(browser.submit("username", "mallory", "password", "whatever it is"));
        TestBrowser other = new TestBrowser(s.base());
        other.get(authorize());
        String wrong = normalized(other.submit("username", "mallory", "password", "whatever it is"));
        assertThat(unknown).isEqualTo(wrong);
        TestBrowser third = new TestBrowser(s.base());
        third.get(authorize());
        String wrongForAlice = normalized(third.submit("username", "alice", "password", "whatever it is"))
                .replace("value=\"alice\"", "value=\"mallory\"");
        assertThat(wrongForAlice).isEqualTo(unknown).contains("The username or password is not correct.");
    }

    @Test
    void lockedAccountShowsTheThrottledMessage() {
        browser.get(authorize());
        for (int i = 0; i < FakeIdentity.LOCK_AFTER; i++) {
            browser.submit("username", "alice", "password", "wrong password " + i);
        }
        HttpResponse<String> r = browser.submit("username", "alice", "password", SignInServer.ALICE_PASSWORD);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body())
                .contains("The username or password is not correct.")
                .contains("try again");
        assertThat(s.identity.grants).isEmpty();
    }

    private static String normalized(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body().replaceAll("name=\"(csrf_token|request)\" value=\"[^\"]*\"", "name=\"$1\" value=\"\"");
    }

    @Test
    void csrfMissingOrWrongIsRefusedOnEveryForm() {
        // Password form.
        browser.get(authorize());
        assertRefused(browser.last, "username", "alice", "password", SignInServer.ALICE_PASSWORD);
        assertThat(s.identity.signInAttempts).isEmpty();
        // Consent form.
        HttpResponse<String> consent = browser.submit("username", "alice", "password", SignInServer.ALICE_PASSWORD);
        assertRefused(consent, "decision", "allow");
        assertThat(s.identity.grants).isEmpty();
        // Second-factor form.
        TestBrowser b = new TestBrowser(s.base());
        b.get(authorize());
        HttpResponse<String> otp = b.submit("username", "bob", "password", SignInServer.BOB_PASSWORD);
        browser = b;
        assertRefused(otp, "otp", code());
        // Enrolment form.
        TestBrowser e = new TestBrowser(s.base());
        e.get(authorize("client_id", "strict-app"));
        s.alice.failures.set(0);
        HttpResponse<String> enrol = e.submit("username", "alice", "password", SignInServer.ALICE_PASSWORD);
        assertThat(enrol.body()).contains("class=\"secret\"");
        browser = e;
        assertRefused(enrol, "otp", "123456");
        assertThat(s.alice.totpSecret).isNull();
        // Password-change form.
        s.alice.passwordChangeRequired = true;
        TestBrowser c = new TestBrowser(s.base());
        c.get(authorize());
        HttpResponse<String> change = c.submit("username", "alice", "password", SignInServer.ALICE_PASSWORD);
        browser = c;
        assertRefused(change, "new_password", "a new long password", "confirm_password", "a new long password");
        assertThat(s.alice.password).isEqualTo(SignInServer.ALICE_PASSWORD);
    }

    /** Posts the page's form without its token, with a wrong one, and from another browser: 403 each time. */
    private void assertRefused(HttpResponse<String> page, String... fields) {
        String action = TestBrowser.action(page.body());
        Map<String, String> hidden = TestBrowser.hidden(page.body());
        List<List<String>> forms = new ArrayList<>();
        forms.add(withFields(List.of("request", hidden.get("request")), fields));
        forms.add(withFields(List.of("request", hidden.get("request"), "csrf_token", "wrong"), fields));
        forms.add(withFields(List.of("csrf_token", hidden.get("csrf_token")), fields));
        for (List<String> form : forms) {
            HttpResponse<String> r = browser.post(action, form);
            assertThat(r.statusCode()).as(action + " " + form).isEqualTo(403);
            assertThat(r.headers().firstValue("Location")).isEmpty();
            assertSecurityHeaders(r);
        }
        // The right token from a browser without this one's binding cookie (login CSRF).
        TestBrowser stranger = new TestBrowser(s.base());
        List<String> full =
                withFields(List.of("request", hidden.get("request"), "csrf_token", hidden.get("csrf_token")), fields);
        assertThat(stranger.post(action, full).statusCode()).isEqualTo(403);
        // The page still works afterwards: nothing was consumed.
        browser.last = page;
    }

    private static List<String> withFields(List<String> base, String... fields) {
        List<String> out = new ArrayList<>(base);
        out.addAll(List.of(fields));
        return out;
    }

    @Test
    void sessionFixationCookieIsNeverPromoted() {
        String fixed = "attacker-chosen-value-attacker-chosen-value-1";
        browser.cookies.put("signet-session-default", fixed);
        browser.get(authorize());
        HttpResponse<String> signedIn = browser.submit("username", "alice", "password", SignInServer.ALICE_PASSWORD);
        assertThat(browser.submit("decision", "allow").statusCode()).isEqualTo(303);
        String after = browser.cookies.get("signet-session-default");
        assertThat(after).isNotNull().isNotEqualTo(fixed);
        TestBrowser attacker = new TestBrowser(s.base());
        attacker.cookies.put("signet-session-default", fixed);
        assertThat(TestBrowser.query(attacker.get(authorize("prompt", "none"))))
                .containsEntry("error", "login_required");
        // The cookie: HttpOnly, SameSite=Lax, Path=/ (plain http on loopback here: no Secure, no __Host-).
        String setCookie = signedIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("signet-session-default="))
                .findFirst()
                .orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/");
    }

    @Test
    void logoutWithHintEndsTheSessionAndReturnsOnlyToARegisteredUri() {
        assertThat(signInAlice().statusCode()).isEqualTo(303);
        String sid = s.identity.lastGrant().sid();
        String hint = s.idToken("web-app", sid, s.issuer());
        HttpResponse<String> r = browser.get("/tenants/default/logout?id_token_hint=" + hint
                + "&post_logout_redirect_uri=" + URLEncoder.encode(AFTER_LOGOUT, StandardCharsets.UTF_8)
                + "&state=bye");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValue(AFTER_LOGOUT + "?state=bye");
        assertThat(s.identity.revokedSids).contains(sid);
        assertThat(TestBrowser.query(browser.get(authorize("prompt", "none"))))
                .containsEntry("error", "login_required");
    }

    @Test
    void logoutNeverRedirectsToAnUnregisteredUri() {
        assertThat(signInAlice().statusCode()).isEqualTo(303);
        String sid = s.identity.lastGrant().sid();
        String hint = s.idToken("web-app", sid, s.issuer());
        HttpResponse<String> r = browser.get("/tenants/default/logout?id_token_hint=" + hint
                + "&post_logout_redirect_uri=" + URLEncoder.encode("https://evil.example/", StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertThat(r.body()).contains("You are signed out");
        assertThat(s.identity.revokedSids).contains(sid);
    }

    @Test
    void logoutWithoutAValidHintAsksFirst() {
        assertThat(signInAlice().statusCode()).isEqualTo(303);
        String sid = s.identity.lastGrant().sid();
        List<String> queries = List.of(
                "",
                "?id_token_hint=not.a.token",
                "?id_token_hint=" + s.idToken("web-app", "another-sid", s.issuer()),
                "?id_token_hint=" + s.idToken("web-app", sid, "https://other.example/tenants/default")
                        + "&post_logout_redirect_uri=" + URLEncoder.encode(AFTER_LOGOUT, StandardCharsets.UTF_8));
        for (String q : queries) {
            HttpResponse<String> r = browser.get("/tenants/default/logout" + q);
            assertThat(r.statusCode()).as(q).isEqualTo(200);
            assertThat(r.body()).as(q).contains("<button name=\"decision\" value=\"logout\"");
            assertSecurityHeaders(r);
        }
        assertThat(s.identity.revokedSids).isEmpty();
        HttpResponse<String> confirm = browser.last;
        assertRefused(confirm, "decision", "logout");
        assertThat(s.identity.revokedSids).isEmpty();
        HttpResponse<String> out = browser.submit("decision", "logout");
        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(out.body()).contains("You are signed out");
        assertThat(s.identity.revokedSids).contains(sid);
        assertThat(TestBrowser.query(browser.get(authorize("prompt", "none"))))
                .containsEntry("error", "login_required");
    }

    @Test
    void endSessionsOfEndsEveryBrowserOfTheUser() {
        assertThat(signInAlice().statusCode()).isEqualTo(303);
        String first = s.identity.lastGrant().sid();
        TestBrowser other = new TestBrowser(s.base());
        TestBrowser mine = browser;
        browser = other;
        assertThat(signInAlice().statusCode()).isEqualTo(303);
        String second = s.identity.lastGrant().sid();
        SsoSessions sessions = s.server.signInSessions();
        assertThat(sessions.endSessionsOf("default", s.alice.userId, "password_reset"))
                .isEqualTo(2);
        assertThat(s.identity.revokedSids).contains(first, second);
        assertThat(TestBrowser.query(mine.get(authorize("prompt", "none")))).containsEntry("error", "login_required");
        assertThat(TestBrowser.query(other.get(authorize("prompt", "none")))).containsEntry("error", "login_required");
    }

    @Test
    void disabledUserLosesTheSession() {
        assertThat(signInAlice().statusCode()).isEqualTo(303);
        s.alice.enabled = false;
        assertThat(TestBrowser.query(browser.get(authorize("prompt", "none"))))
                .containsEntry("error", "login_required");
    }

    @Test
    void stylesheetIsServedAndPagesLinkIt() {
        HttpResponse<String> css = browser.get("/tenants/default/signin.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/css");
        assertThat(browser.get(authorize()).body()).contains("href=\"/tenants/default/signin.css\"");
        assertThat(browser.get("/tenants/nope/authorize").statusCode()).isEqualTo(404);
    }
}
