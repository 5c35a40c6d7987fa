package dev.signet.server.http;

import dev.signet.server.oauth.OAuthError;
import dev.signet.server.signin.Page;
import dev.signet.server.signin.SignInFlow;
import dev.signet.server.store.TenantStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser's endpoints: {@code <issuer>/authorize}, the sign-in forms, {@code <issuer>/logout}
 * and the pages' stylesheet. Reads cookies and parameters, calls {@link SignInFlow}, writes the
 * page or the redirect with the pages' security headers and cookies.
 */
final class SignInEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(SignInEndpoints.class);

    /**
     * No script may run, nothing may be framed, styles only from this server, images only from it
     * or inline data (the QR code). No {@code form-action}: Chromium applies it to the redirect that
     * follows a form post too, which would block the return to the client.
     */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; style-src 'self'; img-src 'self' data:;" + " frame-ancestors 'none'; base-uri 'none'";

    /** Every parameter the browser endpoints read; others are ignored (OAuth 2.1 §4.1.1). */
    private static final List<String> PARAMETERS = List.of(
            "client_id",
            "redirect_uri",
            "response_type",
            "response_mode",
            "scope",
            "state",
            "nonce",
            "code_challenge",
            "code_challenge_method",
            "prompt",
            "max_age",
            "acr_values",
            "login_hint",
            "request",
            "request_uri",
            "id_token_hint",
            "post_logout_redirect_uri",
            "username",
            "password",
            "otp",
            "csrf_token",
            "decision",
            "new_password",
            "confirm_password");

    private final SignInFlow flow;
    private final TenantStore tenants;
    private final int maxRequestBytes;
    private final boolean secureCookies;
    private final byte[] stylesheet;

    SignInEndpoints(SignInFlow flow, TenantStore tenants, String baseUrl, int maxRequestBytes) {
        this.flow = flow;
        this.tenants = tenants;
        this.maxRequestBytes = maxRequestBytes;
        this.secureCookies = !plainHttpOnLoopback(baseUrl);
        if (!secureCookies) {
            LOG.warn(
                    "Sign-in cookies: the base URL {} is plain http on a loopback address, so the session cookies"
                            + " drop the __Host- prefix and the Secure attribute (use https anywhere else)",
                    baseUrl);
        }
        this.stylesheet = resource("/dev/signet/server/signin/signin.css");
    }

    /** The routes, per tenant like the other OAuth endpoints. */
    void register(RoutesConfig routes) {
        routes.get("/tenants/{tenant}/authorize", this::authorize);
        routes.post("/tenants/{tenant}/authorize", this::authorize);
        routes.post("/tenants/{tenant}/signin/{stage}", this::submit);
        routes.get("/tenants/{tenant}/logout", this::logout);
        routes.post("/tenants/{tenant}/logout", this::confirmLogout);
        routes.get("/tenants/{tenant}/signin.css", this::stylesheet);
    }

    /** {@code https}, or {@code http} anywhere but a loopback address: the cookies need {@code Secure}. */
    static boolean plainHttpOnLoopback(String baseUrl) {
        URI uri = URI.create(baseUrl);
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            return false;
        }
        String host = uri.getHost();
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|\\[[0-9a-fA-F:.]+\\]")) {
            return false; // a name: not resolved here
        }
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private void authorize(Context ctx) {
        withTenant(
                ctx,
                tenant -> flow.authorize(
                        tenant, parameters(ctx, ctx.method().name().equals("POST")), browser(ctx, tenant)));
    }

    private void submit(Context ctx) {
        withTenant(ctx, tenant -> {
            Optional<SignInFlow.Stage> stage = SignInFlow.Stage.of(ctx.pathParam("stage"));
            if (stage.isEmpty()) {
                throw HttpError.notFound("no such sign-in step");
            }
            return flow.submit(tenant, stage.get(), parameters(ctx, true), browser(ctx, tenant));
        });
    }

    private void logout(Context ctx) {
        withTenant(ctx, tenant -> flow.logout(tenant, parameters(ctx, false), browser(ctx, tenant)));
    }

    private void confirmLogout(Context ctx) {
        withTenant(ctx, tenant -> flow.confirmLogout(tenant, parameters(ctx, true), browser(ctx, tenant)));
    }

    private void stylesheet(Context ctx) {
        TenantPath.existing(tenants, ctx);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "public, max-age=3600");
        ctx.status(200).contentType("text/css;charset=UTF-8").result(stylesheet);
    }

    /** A step that answers for a tenant; every refusal becomes an HTML page, never JSON or a redirect. */
    @FunctionalInterface
    private interface Step {
        SignInFlow.Answer answer(String tenant);
    }

    private void withTenant(Context ctx, Step step) {
        securityHeaders(ctx);
        String tenant;
        try {
            tenant = TenantPath.existing(tenants, ctx);
        } catch (Refusal e) {
            html(ctx, flowlessError(e.status(), "Not found", "There is nothing here."));
            return;
        }
        SignInFlow.Answer a;
        try {
            a = step.answer(tenant);
        } catch (SignInFlow.Forbidden e) {
            a = new SignInFlow.Answer(
                    flow.errorPage(
                            tenant,
                            403,
                            "This form cannot be accepted",
                            "The form did not come from this browser's sign-in page, or it has expired. Nothing was"
                                    + " done. Return to the application and sign in again."),
                    null,
                    null,
                    null,
                    false);
        } catch (OAuthError e) {
            a = new SignInFlow.Answer(
                    flow.errorPage(tenant, 400, "Invalid request", "The request is malformed: " + e.description()),
                    null,
                    null,
                    null,
                    false);
        } catch (Refusal e) {
            a = new SignInFlow.Answer(
                    flow.errorPage(tenant, e.status(), "Invalid request", e.description()), null, null, null, false);
        }
        cookies(ctx, tenant, a);
        if (a.redirect() != null) {
            ctx.header("Location", a.redirect());
            ctx.status(ctx.method().name().equals("POST") ? 303 : 302).result("");
        } else {
            html(ctx, a.page());
        }
    }

    private static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
    }

    private void html(Context ctx, Page page) {
        ctx.status(page.status()).contentType("text/html;charset=UTF-8").result(page.render());
    }

    private Page flowlessError(int status, String title, String message) {
        return flow.errorPage("unknown", status, title, message);
    }

    // ---------------------------------------------------------------- parameters and cookies

    /** The query (GET) or the form body (POST), strictly parsed: a repeated parameter is refused. */
    private Map<String, String> parameters(Context ctx, boolean body) {
        FormBody parsed;
        if (body) {
            FormBody.requireFormContentType(RequestBody.contentType(ctx));
            parsed = FormBody.parse(RequestBody.read(ctx, maxRequestBytes), List.of());
        } else {
            String q = ctx.req().getQueryString();
            parsed = FormBody.parse(q == null ? new byte[0] : q.getBytes(StandardCharsets.ISO_8859_1), List.of());
        }
        Map<String, String> out = new HashMap<>();
        for (String name : PARAMETERS) {
            String v = parsed.get(name);
            if (v != null) {
                out.put(name, v);
            }
        }
        return out;
    }

    private SignInFlow.Browser browser(Context ctx, String tenant) {
        // The peer's address, never a forwarded-for header: a request cannot choose whose budget it spends.
        return new SignInFlow.Browser(
                ctx.cookie(bindingCookie()),
                ctx.cookie(sessionCookie(tenant)),
                ctx.req().getRemoteAddr());
    }

    /** Ties a browser's pending sign-ins and their forms to it (login CSRF). */
    String bindingCookie() {
        return secureCookies ? "__Host-signet-browser" : "signet-browser";
    }

    /** The single sign-on session of one tenant. */
    String sessionCookie(String tenant) {
        return (secureCookies ? "__Host-signet-session-" : "signet-session-") + tenant;
    }

    private void cookies(Context ctx, String tenant, SignInFlow.Answer a) {
        if (a.setBinding() != null) {
            ctx.res().addHeader("Set-Cookie", cookie(bindingCookie(), a.setBinding(), -1));
        }
        if (a.setSession() != null) {
            ctx.res().addHeader("Set-Cookie", cookie(sessionCookie(tenant), a.setSession(), -1));
        } else if (a.clearSession()) {
            ctx.res().addHeader("Set-Cookie", cookie(sessionCookie(tenant), "", 0));
        }
    }

    /** {@code __Host-} needs Secure, Path=/ and no Domain (RFC 6265bis §4.1.3.2). */
    private String cookie(String name, String value, int maxAge) {
        return name + "=" + value + "; Path=/" + (maxAge >= 0 ? "; Max-Age=" + maxAge : "") + "; HttpOnly"
                + (secureCookies ? "; Secure" : "") + "; SameSite=Lax";
    }

    private static byte[] resource(String path) {
        try (InputStream in = SignInEndpoints.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
