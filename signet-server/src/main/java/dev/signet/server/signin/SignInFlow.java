package dev.signet.server.signin;

import dev.signet.jose.JoseException;
import dev.signet.jose.JwsVerifier;
import dev.signet.jose.JwtClaims;
import dev.signet.jose.KeySource;
import dev.signet.jose.UntrustedText;
import dev.signet.server.identity.PasswordSignIn;
import dev.signet.server.identity.SecondFactor;
import dev.signet.server.identity.UserAccount;
import dev.signet.server.identity.UserDirectory;
import dev.signet.server.oauth.AuthorizationCodes;
import dev.signet.server.oauth.Issuers;
import dev.signet.server.store.ConsentStore;
import dev.signet.server.store.SignInRequestStore;
import dev.signet.server.store.SignInRequestStore.PendingRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The browser side of the authorization-code flow: checks an authorization request, takes the
 * person through the sign-in steps it needs (password, password change, second factor or its
 * enrolment, consent) and answers the client with a code, or with an error; and RP-initiated
 * logout. Each step is a form bound to a pending request of this browser and its CSRF token.
 * Holds no HTTP types: it answers with a page to show or a location to send the browser to.
 */
public final class SignInFlow {

    /** How long a pending sign-in may take. */
    static final Duration REQUEST_LIFETIME = Duration.ofMinutes(10);

    /** Pending requests kept per browser (the oldest go) and per tenant (then new ones are refused). */
    static final int MAX_REQUESTS_PER_BROWSER = 10;

    static final int MAX_REQUESTS_PER_TENANT = 10_000;

    /** Wrong second-factor codes allowed in one pending sign-in before it must start again. */
    static final int MAX_CODE_FAILURES = 5;

    private static final List<String> AMR_PWD = List.of("pwd");
    private static final List<String> AMR_MFA = List.of("pwd", "otp", "mfa");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SIGN_IN_FAILED = "The username or password is not correct.";

    /** The steps of a pending request; each is a page whose form posts to {@code <issuer>/signin/<path>}. */
    public enum Stage {
        PASSWORD("password"),
        PASSWORD_CHANGE("password-change"),
        OTP("otp"),
        ENROL("enrol"),
        RECOVERY_CODES("recovery-codes"),
        CONSENT("consent"),
        LOGOUT("logout");

        private final String path;

        Stage(String path) {
            this.path = path;
        }

        public String path() {
            return path;
        }

        /** The stage a form path names, or empty. */
        public static Optional<Stage> of(String path) {
            for (Stage s : values()) {
                if (s.path.equals(path) && s != LOGOUT) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * What the browser sent besides the parameters: its binding cookie (ties forms to it), its
     * session cookie, and its address (for throttling). Cookies may be null.
     */
    public record Browser(String binding, String session, String address) {}

    /**
     * The answer: a page to show, or a location to send the browser to (303); and the cookies to
     * set ({@code setBinding}, {@code setSession}: values, or null to leave them) or clear.
     */
    public record Answer(Page page, String redirect, String setBinding, String setSession, boolean clearSession) {

        static Answer show(Page page) {
            return new Answer(page, null, null, null, false);
        }

        static Answer redirectTo(String location) {
            return new Answer(null, location, null, null, false);
        }

        Answer withBinding(String binding) {
            return new Answer(page, redirect, binding, setSession, clearSession);
        }

        Answer withSession(String session) {
            return new Answer(page, redirect, setBinding, session, false);
        }

        Answer clearingSession() {
            return new Answer(page, redirect, setBinding, null, true);
        }
    }

    /** A pending request that passed the CSRF and browser checks. */
    private record Pending(PendingRequest row, String id, String csrf, AuthorizationRequest request) {}

    /** The form did not come from this browser's page (CSRF), or the request it continues is gone. */
    public static final class Forbidden extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Forbidden(String message) {
            super(message, null, false, false);
        }
    }

    private final Issuers issuers;
    private final SignInClients clients;
    private final PasswordSignIn passwords;
    private final PasswordChange passwordChange;
    private final SecondFactor secondFactor;
    private final UserDirectory users;
    private final AuthorizationCodes codes;
    private final SsoSessions sessions;
    private final ConsentStore consents;
    private final SignInRequestStore requests;
    private final TenantKeys keys;
    private final Clock clock;

    /** The parts the flow calls: the ports of identity, clients and codes, and its own stores. */
    public record Parts(
            Issuers issuers,
            SignInClients clients,
            PasswordSignIn passwords,
            PasswordChange passwordChange,
            SecondFactor secondFactor,
            UserDirectory users,
            AuthorizationCodes codes,
            SsoSessions sessions,
            ConsentStore consents,
            SignInRequestStore requests,
            TenantKeys keys) {}

    public SignInFlow(Parts p, Clock clock) {
        this.issuers = p.issuers();
        this.clients = p.clients();
        this.passwords = p.passwords();
        this.passwordChange = p.passwordChange();
        this.secondFactor = p.secondFactor();
        this.users = p.users();
        this.codes = p.codes();
        this.sessions = p.sessions();
        this.consents = p.consents();
        this.requests = p.requests();
        this.keys = p.keys();
        this.clock = clock;
    }

    public SsoSessions sessions() {
        return sessions;
    }

    /** The stylesheet's path for a tenant's pages. */
    public String stylesheet(String tenant) {
        return basePath(tenant) + "/signin.css";
    }

    /** An error page (never a redirect): the request cannot be trusted to name where to send the browser. */
    public Page errorPage(String tenant, int status, String title, String message) {
        Map<String, Object> m = new HashMap<>();
        m.put("form", PageForm.none(stylesheet(tenant)));
        m.put("title", title);
        m.put("message", message);
        return new Page(status, "error", m);
    }

    // ---------------------------------------------------------------- authorize

    /** {@code <issuer>/authorize} (RFC 6749 §4.1.1), with the parameters of the query or the form. */
    public Answer authorize(String tenant, Map<String, String> params, Browser browser) {
        String clientId = params.get("client_id");
        Optional<SignInClients.Client> found =
                clientId == null || clientId.length() > 128 ? Optional.empty() : clients.find(tenant, clientId);
        if (found.isEmpty() || !found.get().enabled() || !found.get().authorizationCode()) {
            return Answer.show(errorPage(
                    tenant,
                    400,
                    "Unknown application",
                    clientId == null
                            ? "The sign-in request names no application (client_id is missing)."
                            : "No application " + UntrustedText.printable(clientId)
                                    + " may sign people in here. Return to the application and try again."));
        }
        SignInClients.Client client = found.get();
        String redirectUri = params.get("redirect_uri");
        // RFC 6749 §3.1.2.3, OAuth 2.1 §2.3.1: compared as strings, exactly; never redirect elsewhere.
        if (redirectUri == null || !client.redirectUris().contains(redirectUri)) {
            return Answer.show(errorPage(
                    tenant,
                    400,
                    "Invalid return address",
                    redirectUri == null
                            ? "The sign-in request has no redirect_uri."
                            : "The application asked to return to an address it has not registered."));
        }
        AuthorizationRequest request;
        try {
            request = AuthorizationRequest.check(params, client, redirectUri);
        } catch (AuthorizationRequest.Refused e) {
            return Answer.redirectTo(
                    errorLocation(tenant, redirectUri, params.get("state"), e.error(), e.getMessage()));
        }
        Optional<SsoSessions.Session> session = sessions.current(tenant, browser.session());
        Optional<UserAccount> user = session.flatMap(s -> users.find(tenant, s.userId()));
        if (session.isPresent() && (user.isEmpty() || !user.get().enabled())) {
            sessions.end(tenant, session.get().sid(), "user_unavailable");
            session = Optional.empty();
            user = Optional.empty();
        }
        Stage needed = authenticationNeeded(tenant, request, client, session, user);
        if (needed == null && !consented(tenant, session.get().userId(), request)) {
            needed = Stage.CONSENT;
        }
        if (request.prompt().contains("none") && needed != null) {
            String error = needed == Stage.CONSENT
                    ? "consent_required"
                    : needed == Stage.PASSWORD ? "login_required" : "interaction_required";
            return Answer.redirectTo(errorLocation(
                    tenant, redirectUri, request.state(), error, "the request needs the person to " + action(needed)));
        }
        if (needed == null) {
            return Answer.redirectTo(issueCode(tenant, request, session.get()));
        }
        String userId = needed == Stage.PASSWORD ? null : session.get().userId();
        String hint = request.loginHint() != null
                ? request.loginHint()
                : user.map(UserAccount::username).orElse(null);
        return start(tenant, browser, request, needed, userId, hint);
    }

    /**
     * What sign-in step the request needs before a code can be issued: a password (no session,
     * {@code prompt=login}, or a session older than {@code max_age}), a second factor (asked by
     * {@code acr_values} or required by the client, where the session has none), or nothing.
     */
    private Stage authenticationNeeded(
            String tenant,
            AuthorizationRequest request,
            SignInClients.Client client,
            Optional<SsoSessions.Session> session,
            Optional<UserAccount> user) {
        if (session.isEmpty() || request.prompt().contains("login")) {
            return Stage.PASSWORD;
        }
        Instant now = clock.instant();
        if (request.maxAge() != null
                && Duration.between(session.get().authTime(), now).toSeconds() > request.maxAge()) {
            return Stage.PASSWORD;
        }
        if ((request.mfa() || client.requireMfa()) && !session.get().acr().equals(AuthorizationRequest.ACR_MFA)) {
            return secondFactor.enrolled(tenant, user.get().userId()) ? Stage.OTP : Stage.ENROL;
        }
        return null;
    }

    private static String action(Stage s) {
        return switch (s) {
            case PASSWORD -> "sign in";
            case CONSENT -> "consent";
            default -> "use a second factor";
        };
    }

    private boolean consented(String tenant, String userId, AuthorizationRequest request) {
        if (request.prompt().contains("consent")) {
            return false;
        }
        return consents.find(tenant, userId, request.clientId())
                .map(g -> g.containsAll(request.scopes()))
                .orElse(false);
    }

    /** Stores a pending request at {@code stage} for this browser and shows its first page. */
    private Answer start(
            String tenant, Browser browser, AuthorizationRequest request, Stage stage, String userId, String hint) {
        String binding = validBinding(browser.binding()) ? browser.binding() : Secrets.random();
        String id = Secrets.random();
        String csrf = Secrets.random();
        Instant now = clock.instant();
        String secret = null;
        SecondFactor.Enrolment enrolment = null;
        if (stage == Stage.ENROL) {
            enrolment = secondFactor.begin(tenant, userId);
            secret = enrolment.base32Secret();
        }
        boolean stored = requests.insert(
                new PendingRequest(
                        Secrets.hash(id),
                        tenant,
                        Secrets.hash(binding),
                        Secrets.hash(csrf),
                        stage.path(),
                        request == null ? "{}" : JSON.writeValueAsString(request.toMap()),
                        userId,
                        secret,
                        0,
                        now,
                        now.plus(REQUEST_LIFETIME)),
                MAX_REQUESTS_PER_BROWSER,
                MAX_REQUESTS_PER_TENANT);
        if (!stored) {
            return Answer.show(errorPage(
                    tenant,
                    503,
                    "Try again shortly",
                    "Too many sign-ins are in progress. Try again in a few minutes."));
        }
        Pending p = new Pending(null, id, csrf, request);
        Page page = switch (stage) {
            case PASSWORD -> passwordPage(tenant, p, hint, null);
            case OTP -> otpPage(tenant, p, null);
            case ENROL -> enrolPage(tenant, p, enrolment.qrCodeSvg(), secret, null);
            case CONSENT -> consentPage(tenant, p, userId);
            default -> throw new IllegalStateException("no request starts at " + stage);
        };
        return Answer.show(page).withBinding(binding.equals(browser.binding()) ? null : binding);
    }

    private static boolean validBinding(String binding) {
        return binding != null && binding.matches("[A-Za-z0-9_-]{43}");
    }

    // ---------------------------------------------------------------- the forms

    /** A form posted to {@code <issuer>/signin/<stage>}. */
    public Answer submit(String tenant, Stage stage, Map<String, String> form, Browser browser) {
        Pending p = pending(tenant, form, browser);
        if (!p.row().stage().equals(stage.path())) {
            return Answer.show(errorPage(
                    tenant,
                    400,
                    "This page is out of date",
                    "This step of the sign-in is already done. Return to the application and sign in again."));
        }
        return switch (stage) {
            case PASSWORD -> password(tenant, p, form, browser);
            case PASSWORD_CHANGE -> passwordChange(tenant, p, form, browser);
            case OTP -> otp(tenant, p, form, browser);
            case ENROL -> enrol(tenant, p, form);
            case RECOVERY_CODES -> recoveryCodesSeen(tenant, p, browser);
            case CONSENT -> consent(tenant, p, form, browser);
            case LOGOUT -> throw new IllegalStateException("logout posts to its own endpoint");
        };
    }

    /**
     * The pending request a form continues, once its CSRF token and the browser binding match;
     * else {@link Forbidden}, with nothing done.
     */
    private Pending pending(String tenant, Map<String, String> form, Browser browser) {
        String id = form.get("request");
        String csrf = form.get("csrf_token");
        if (id == null || csrf == null || browser.binding() == null || id.length() > 100) {
            throw new Forbidden("the form is missing its CSRF token or this browser's cookie");
        }
        Optional<PendingRequest> row = requests.find(tenant, Secrets.hash(id));
        if (row.isEmpty()
                || !row.get().expiresAt().isAfter(clock.instant())
                || !Secrets.same(row.get().browserHash(), Secrets.hash(browser.binding()))
                || !Secrets.same(row.get().csrfHash(), Secrets.hash(csrf))) {
            throw new Forbidden("the form's CSRF token does not match a sign-in of this browser");
        }
        Map<String, Object> stored = JSON.readValue(row.get().request(), new TypeReference<Map<String, Object>>() {});
        AuthorizationRequest request = stored.isEmpty() ? null : AuthorizationRequest.fromMap(stored);
        return new Pending(row.get(), id, csrf, request);
    }

    private Answer password(String tenant, Pending p, Map<String, String> form, Browser browser) {
        String username = form.getOrDefault("username", "");
        String password = form.getOrDefault("password", "");
        if (username.isEmpty() || password.isEmpty()) {
            return Answer.show(passwordPage(tenant, p, username, "Enter your username and password."));
        }
        PasswordSignIn.Result r = passwords.signIn(tenant, username, password, browser.address());
        return switch (r.outcome()) {
            case REFUSED -> Answer.show(passwordPage(tenant, p, username, SIGN_IN_FAILED));
            case THROTTLED ->
                Answer.show(passwordPage(
                        tenant, p, username, SIGN_IN_FAILED + " Too many attempts: wait a while, then try again."));
            case PASSWORD_CHANGE_REQUIRED -> {
                if (!requests.advance(
                        p.row().idHash(),
                        Stage.PASSWORD.path(),
                        Stage.PASSWORD_CHANGE.path(),
                        r.user().userId(),
                        null,
                        0)) {
                    yield outOfDate(tenant);
                }
                yield Answer.show(
                        page(200, "password_change", stageForm(tenant, p, Stage.PASSWORD_CHANGE), errorModel(null)));
            }
            case ACCEPTED ->
                passwordAccepted(tenant, p, Stage.PASSWORD, r.user().userId(), browser);
        };
    }

    /** After a correct password (or a new one): a second factor when one is enrolled or needed, else signed in. */
    private Answer passwordAccepted(String tenant, Pending p, Stage from, String userId, Browser browser) {
        SignInClients.Client client = client(tenant, p.request());
        if (client == null) {
            return clientGone(tenant, p);
        }
        boolean enrolled = secondFactor.enrolled(tenant, userId);
        if (enrolled) {
            if (!requests.advance(p.row().idHash(), from.path(), Stage.OTP.path(), userId, null, 0)) {
                return outOfDate(tenant);
            }
            return Answer.show(otpPage(tenant, p, null));
        }
        if (p.request().mfa() || client.requireMfa()) {
            SecondFactor.Enrolment e = secondFactor.begin(tenant, userId);
            if (!requests.advance(p.row().idHash(), from.path(), Stage.ENROL.path(), userId, e.base32Secret(), 0)) {
                return outOfDate(tenant);
            }
            return Answer.show(enrolPage(tenant, p, e.qrCodeSvg(), e.base32Secret(), null));
        }
        return signedIn(tenant, p, from, userId, AuthorizationRequest.ACR_PWD, AMR_PWD, browser);
    }

    private Answer passwordChange(String tenant, Pending p, Map<String, String> form, Browser browser) {
        String first = form.getOrDefault("new_password", "");
        String second = form.getOrDefault("confirm_password", "");
        String problem = null;
        if (first.isEmpty()) {
            problem = "Enter a new password.";
        } else if (!first.equals(second)) {
            problem = "The two passwords are not the same.";
        } else {
            problem = passwordChange.change(tenant, p.row().userId(), first).orElse(null);
        }
        if (problem != null) {
            return Answer.show(
                    page(200, "password_change", stageForm(tenant, p, Stage.PASSWORD_CHANGE), errorModel(problem)));
        }
        return passwordAccepted(tenant, p, Stage.PASSWORD_CHANGE, p.row().userId(), browser);
    }

    private Answer otp(String tenant, Pending p, Map<String, String> form, Browser browser) {
        String code = form.getOrDefault("otp", "").replace(" ", "");
        if (!code.isEmpty()
                && code.length() <= 64
                && secondFactor.verify(tenant, p.row().userId(), code, browser.address())) {
            return signedIn(tenant, p, Stage.OTP, p.row().userId(), AuthorizationRequest.ACR_MFA, AMR_MFA, browser);
        }
        Answer tooMany = countFailure(tenant, p, Stage.OTP);
        return tooMany != null ? tooMany : Answer.show(otpPage(tenant, p, "That code is not valid. Try again."));
    }

    private Answer enrol(String tenant, Pending p, Map<String, String> form) {
        String code = form.getOrDefault("otp", "").replace(" ", "");
        String secret = p.row().pendingSecret();
        List<String> recovery = code.isEmpty() || code.length() > 16
                ? List.of()
                : secondFactor.confirm(tenant, p.row().userId(), secret, code);
        if (recovery.isEmpty()) {
            Answer tooMany = countFailure(tenant, p, Stage.ENROL);
            if (tooMany != null) {
                return tooMany;
            }
            // The QR code is drawn once; the key stays on the page as text.
            return Answer.show(
                    enrolPage(tenant, p, null, secret, "That code is not valid. Check the app and try again."));
        }
        if (!requests.advance(
                p.row().idHash(),
                Stage.ENROL.path(),
                Stage.RECOVERY_CODES.path(),
                p.row().userId(),
                null,
                0)) {
            return outOfDate(tenant);
        }
        Map<String, Object> m = new HashMap<>();
        m.put("codes", List.copyOf(recovery));
        return Answer.show(page(200, "recovery", stageForm(tenant, p, Stage.RECOVERY_CODES), m));
    }

    private Answer recoveryCodesSeen(String tenant, Pending p, Browser browser) {
        return signedIn(
                tenant, p, Stage.RECOVERY_CODES, p.row().userId(), AuthorizationRequest.ACR_MFA, AMR_MFA, browser);
    }

    /** One more wrong code; past the limit the pending sign-in is dropped and must start again. */
    private Answer countFailure(String tenant, Pending p, Stage stage) {
        int failures = p.row().failures() + 1;
        if (failures >= MAX_CODE_FAILURES) {
            requests.delete(p.row().idHash());
            return Answer.show(errorPage(
                    tenant,
                    400,
                    "Too many wrong codes",
                    "Too many wrong codes were entered. Return to the application and sign in again."));
        }
        requests.advance(
                p.row().idHash(),
                stage.path(),
                stage.path(),
                p.row().userId(),
                p.row().pendingSecret(),
                failures);
        return null;
    }

    /**
     * The person is now authenticated: a new session replaces the browser's old one (ended, its
     * refresh tokens revoked), then consent or the code.
     */
    private Answer signedIn(
            String tenant, Pending p, Stage from, String userId, String acr, List<String> amr, Browser browser) {
        Optional<UserAccount> user = users.find(tenant, userId);
        if (user.isEmpty() || !user.get().enabled()) {
            requests.delete(p.row().idHash());
            return Answer.show(errorPage(tenant, 400, "Sign-in failed", SIGN_IN_FAILED));
        }
        if (!requests.advance(p.row().idHash(), from.path(), Stage.CONSENT.path(), userId, null, 0)) {
            return outOfDate(tenant);
        }
        sessions.current(tenant, browser.session()).ifPresent(old -> sessions.end(tenant, old.sid(), "replaced"));
        SsoSessions.Started started = sessions.begin(tenant, userId, clock.instant(), acr, amr);
        if (!consented(tenant, userId, p.request())) {
            return Answer.show(consentPage(tenant, p, userId)).withSession(started.cookieValue());
        }
        requests.delete(p.row().idHash());
        return Answer.redirectTo(issueCode(tenant, p.request(), started.session()))
                .withSession(started.cookieValue());
    }

    private Answer consent(String tenant, Pending p, Map<String, String> form, Browser browser) {
        String decision = form.get("decision");
        if (!"allow".equals(decision) && !"deny".equals(decision)) {
            return Answer.show(consentPage(tenant, p, p.row().userId()));
        }
        Optional<SsoSessions.Session> session = sessions.current(tenant, browser.session());
        if (session.isEmpty() || !session.get().userId().equals(p.row().userId())) {
            requests.delete(p.row().idHash());
            return Answer.show(errorPage(
                    tenant,
                    400,
                    "Signed out",
                    "You are no longer signed in. Return to the application and try again."));
        }
        if (!requests.delete(p.row().idHash())) {
            return outOfDate(tenant);
        }
        AuthorizationRequest r = p.request();
        if (decision.equals("deny")) {
            return Answer.redirectTo(
                    errorLocation(tenant, r.redirectUri(), r.state(), "access_denied", "the person declined"));
        }
        consents.grant(tenant, p.row().userId(), r.clientId(), r.scopes(), clock.instant());
        return Answer.redirectTo(issueCode(tenant, r, session.get()));
    }

    private SignInClients.Client client(String tenant, AuthorizationRequest r) {
        return clients.find(tenant, r.clientId())
                .filter(c ->
                        c.enabled() && c.authorizationCode() && c.redirectUris().contains(r.redirectUri()))
                .orElse(null);
    }

    private Answer clientGone(String tenant, Pending p) {
        requests.delete(p.row().idHash());
        return Answer.show(
                errorPage(tenant, 400, "Unknown application", "The application can no longer sign in here."));
    }

    private Answer outOfDate(String tenant) {
        return Answer.show(errorPage(
                tenant,
                400,
                "This page is out of date",
                "This form was already sent. Return to the application and sign in again."));
    }

    // ---------------------------------------------------------------- codes and errors to the client

    private String issueCode(String tenant, AuthorizationRequest r, SsoSessions.Session s) {
        String code = codes.issue(new AuthorizationCodes.Grant(
                tenant,
                r.clientId(),
                s.userId(),
                s.sid(),
                r.redirectUri(),
                r.codeChallenge(),
                r.scopes(),
                r.nonce(),
                s.authTime(),
                s.acr(),
                s.amr()));
        Map<String, String> q = new LinkedHashMap<>();
        q.put("code", code);
        q.put("state", r.state());
        q.put("iss", issuers.issuer(tenant)); // RFC 9207 §2
        return withQuery(r.redirectUri(), q);
    }

    /** An RFC 6749 §4.1.2.1 error response, with {@code iss} (RFC 9207). */
    private String errorLocation(String tenant, String redirectUri, String state, String error, String description) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("error", error);
        q.put("error_description", description);
        q.put("state", state == null || state.length() > 1024 ? null : state);
        q.put("iss", issuers.issuer(tenant));
        return withQuery(redirectUri, q);
    }

    private static String withQuery(String uri, Map<String, String> params) {
        StringBuilder b = new StringBuilder(uri);
        char sep = uri.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            b.append(sep)
                    .append(e.getKey())
                    .append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- logout

    /**
     * {@code GET <issuer>/logout} (OpenID Connect RP-Initiated Logout 1.0 §2): with an
     * {@code id_token_hint} for this browser's session, ends it at once and returns to the
     * client's registered {@code post_logout_redirect_uri}; otherwise asks first.
     */
    public Answer logout(String tenant, Map<String, String> params, Browser browser) {
        Optional<Hint> hint = hint(tenant, params.get("id_token_hint"));
        String target = target(tenant, hint, params.get("post_logout_redirect_uri"), params.get("state"));
        Optional<SsoSessions.Session> session = sessions.current(tenant, browser.session());
        if (session.isEmpty()) {
            return loggedOut(tenant, target).clearingSession();
        }
        if (hint.isPresent() && hint.get().sid().equals(session.get().sid())) {
            sessions.end(tenant, session.get().sid(), "logout");
            return loggedOut(tenant, target).clearingSession();
        }
        Map<String, Object> pending = new HashMap<>();
        pending.put("target", target);
        String binding = validBinding(browser.binding()) ? browser.binding() : Secrets.random();
        String id = Secrets.random();
        String csrf = Secrets.random();
        Instant now = clock.instant();
        boolean stored = requests.insert(
                new PendingRequest(
                        Secrets.hash(id),
                        tenant,
                        Secrets.hash(binding),
                        Secrets.hash(csrf),
                        Stage.LOGOUT.path(),
                        JSON.writeValueAsString(pending),
                        null,
                        null,
                        0,
                        now,
                        now.plus(REQUEST_LIFETIME)),
                MAX_REQUESTS_PER_BROWSER,
                MAX_REQUESTS_PER_TENANT);
        if (!stored) {
            return Answer.show(errorPage(
                    tenant,
                    503,
                    "Try again shortly",
                    "Too many requests are in progress. Try again in a few minutes."));
        }
        PageForm form = new PageForm(stylesheet(tenant), basePath(tenant) + "/logout", id, csrf);
        Map<String, Object> m = new HashMap<>();
        m.put("form", form);
        return Answer.show(new Page(200, "logout", m)).withBinding(binding.equals(browser.binding()) ? null : binding);
    }

    /** {@code POST <issuer>/logout}: the confirmation form. */
    public Answer confirmLogout(String tenant, Map<String, String> form, Browser browser) {
        Pending p = pendingLogout(tenant, form, browser);
        if (!"logout".equals(form.get("decision")) || !requests.delete(p.row().idHash())) {
            return outOfDate(tenant);
        }
        Map<String, Object> stored = JSON.readValue(p.row().request(), new TypeReference<Map<String, Object>>() {});
        sessions.current(tenant, browser.session()).ifPresent(s -> sessions.end(tenant, s.sid(), "logout"));
        return loggedOut(tenant, (String) stored.get("target")).clearingSession();
    }

    private Pending pendingLogout(String tenant, Map<String, String> form, Browser browser) {
        String id = form.get("request");
        String csrf = form.get("csrf_token");
        if (id == null || csrf == null || browser.binding() == null || id.length() > 100) {
            throw new Forbidden("the form is missing its CSRF token or this browser's cookie");
        }
        Optional<PendingRequest> row = requests.find(tenant, Secrets.hash(id));
        if (row.isEmpty()
                || !row.get().stage().equals(Stage.LOGOUT.path())
                || !row.get().expiresAt().isAfter(clock.instant())
                || !Secrets.same(row.get().browserHash(), Secrets.hash(browser.binding()))
                || !Secrets.same(row.get().csrfHash(), Secrets.hash(csrf))) {
            throw new Forbidden("the form's CSRF token does not match a logout of this browser");
        }
        return new Pending(row.get(), id, csrf, null);
    }

    private Answer loggedOut(String tenant, String target) {
        if (target != null) {
            return Answer.redirectTo(target);
        }
        Map<String, Object> m = new HashMap<>();
        m.put("form", PageForm.none(stylesheet(tenant)));
        return Answer.show(new Page(200, "loggedout", m));
    }

    /** The client and session an {@code id_token_hint} names. */
    private record Hint(String clientId, String sid) {}

    /**
     * Verifies an ID token this tenant signed: signature with its published keys and {@code iss};
     * expiry is not required (a hint may be old). Empty when it is absent or not valid.
     */
    private Optional<Hint> hint(String tenant, String idToken) {
        if (idToken == null) {
            return Optional.empty();
        }
        try {
            JwtClaims claims = JwtClaims.parse(
                    JwsVerifier.builder(KeySource.of(keys.published(tenant).toArray(new dev.signet.jose.Jwk[0])))
                            .build()
                            .verify(idToken)
                            .payloadText());
            if (!issuers.issuer(tenant).equals(claims.issuer()) || !(claims.get("sid") instanceof String sid)) {
                return Optional.empty();
            }
            String azp = claims.get("azp") instanceof String a ? a : null;
            List<String> aud = claims.audience();
            String clientId = azp != null ? azp : aud != null && aud.size() == 1 ? aud.get(0) : null;
            if (clientId == null || aud == null || !aud.contains(clientId)) {
                return Optional.empty();
            }
            return Optional.of(new Hint(clientId, sid));
        } catch (JoseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Where to go after logout: the requested URI only when the hint's client registered it exactly. */
    private String target(String tenant, Optional<Hint> hint, String uri, String state) {
        if (uri == null || hint.isEmpty()) {
            return null;
        }
        Optional<SignInClients.Client> client = clients.find(tenant, hint.get().clientId());
        if (client.isEmpty() || !client.get().postLogoutRedirectUris().contains(uri)) {
            return null;
        }
        Map<String, String> q = new LinkedHashMap<>();
        q.put("state", state == null || state.length() > 1024 ? null : state);
        return withQuery(uri, q);
    }

    // ---------------------------------------------------------------- pages

    private String basePath(String tenant) {
        return URI.create(issuers.issuer(tenant)).getRawPath();
    }

    private PageForm stageForm(String tenant, Pending p, Stage stage) {
        return new PageForm(stylesheet(tenant), basePath(tenant) + "/signin/" + stage.path(), p.id(), p.csrf());
    }

    private static Page page(int status, String template, PageForm form, Map<String, Object> model) {
        Map<String, Object> m = new HashMap<>(model);
        m.put("form", form);
        return new Page(status, template, m);
    }

    private static Map<String, Object> errorModel(String error) {
        Map<String, Object> m = new HashMap<>();
        m.put("error", error);
        return m;
    }

    private Page passwordPage(String tenant, Pending p, String username, String error) {
        Map<String, Object> m = errorModel(error);
        m.put("client", p.request().clientId());
        m.put("username", username);
        return page(200, "signin", stageForm(tenant, p, Stage.PASSWORD), m);
    }

    private Page otpPage(String tenant, Pending p, String error) {
        return page(200, "otp", stageForm(tenant, p, Stage.OTP), errorModel(error));
    }

    private Page enrolPage(String tenant, Pending p, String qrSvg, String secret, String error) {
        Map<String, Object> m = errorModel(error);
        m.put(
                "qrCode",
                qrSvg == null
                        ? ""
                        : "data:image/svg+xml;base64,"
                                + Base64.getEncoder().encodeToString(qrSvg.getBytes(StandardCharsets.UTF_8)));
        m.put("secret", secret);
        return page(200, "enrol", stageForm(tenant, p, Stage.ENROL), m);
    }

    private Page consentPage(String tenant, Pending p, String userId) {
        Map<String, Object> m = new HashMap<>();
        m.put("client", p.request().clientId());
        m.put("username", users.find(tenant, userId).map(UserAccount::username).orElse(userId));
        m.put("scopes", p.request().scopes());
        return page(200, "consent", stageForm(tenant, p, Stage.CONSENT), m);
    }
}
