package dev.signet.server.http;

import dev.signet.server.Metrics;
import dev.signet.server.admin.AdminCredentials;
import dev.signet.server.admin.ClientAdmin;
import dev.signet.server.admin.TenantAdmin;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.identity.Users;
import dev.signet.server.keys.SigningKeyRing;
import dev.signet.server.oauth.ClientAuthenticator;
import dev.signet.server.oauth.Discovery;
import dev.signet.server.oauth.IntrospectionService;
import dev.signet.server.oauth.OAuthError;
import dev.signet.server.oauth.TokenService;
import dev.signet.server.oauth.UserInfo;
import dev.signet.server.signin.SignInFlow;
import dev.signet.server.store.Database;
import dev.signet.server.store.TenantStore;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP surface: every route in one table, and the one place errors become responses. */
public final class HttpApi {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    /** What a 503 asks clients to wait before trying again: the health check looks 4 times a second. */
    static final long RETRY_AFTER_SECONDS = 1;

    /**
     * How long a request may take to arrive, headers and body, from its first byte: then a body
     * still arriving is answered 408 and a request whose headers are still arriving is closed.
     * Bodies are collected without holding a thread ({@link BodyCollector}), so slow clients cost a
     * connection and the bytes they sent for at most this long. Token, introspection and admin
     * requests are a few hundred bytes to 64 KB; 10 s is far beyond what they need on any network.
     */
    public static final Duration REQUEST_DEADLINE = Duration.ofSeconds(10);

    /** How often the {@link #REQUEST_DEADLINE} is checked: it is enforced at most this late. */
    static final Duration DEADLINE_SWEEP = Duration.ofMillis(500);

    /**
     * A connection on which nothing arrives for this long is closed: between the requests of a
     * kept-alive connection, and while the application takes its time.
     */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    /** The services the routes call. */
    public record Services(
            Database db,
            TenantStore tenants,
            ClientAuthenticator authenticator,
            TokenService tokens,
            IntrospectionService introspection,
            Discovery discovery,
            SigningKeyRing keys,
            AdminCredentials admin,
            AuditLog audit,
            ClientAdmin clientAdmin,
            TenantAdmin tenantAdmin,
            String cryptoProvider,
            Metrics metrics,
            Users users,
            UserInfo userInfo,
            SignIn signIn) {}

    /**
     * The browser's sign-in endpoints and the public base URL their cookies are set for; null
     * when the server has no sign-in wired (then those routes do not exist).
     */
    public record SignIn(SignInFlow flow, String baseUrl) {}

    private HttpApi() {}

    /**
     * Builds the (not yet started) server. Virtual threads serve requests when the runtime has
     * them; otherwise a bounded pool of {@code maxThreads} platform threads.
     */
    public static Javalin create(
            Services s, String host, int port, int maxThreads, int maxRequestBytes, boolean virtualThreads) {
        OAuthEndpoints oauth = new OAuthEndpoints(
                s.tenants(),
                s.authenticator(),
                s.tokens(),
                s.introspection(),
                s.discovery(),
                s.keys(),
                maxRequestBytes,
                s.userInfo());
        HealthEndpoints health = new HealthEndpoints(s.db(), s.keys(), s.cryptoProvider());
        // Sign-in (browser) endpoints: only when the composition root wired them.
        SignInEndpoints signIn = s.signIn() == null
                ? null
                : new SignInEndpoints(s.signIn().flow(), s.tenants(), s.signIn().baseUrl(), maxRequestBytes);
        AdminEndpoints admin = new AdminEndpoints(
                s.admin(), s.tenants(), s.keys(), s.audit(), s.clientAdmin(), s.tenantAdmin(), maxRequestBytes);
        AdminUserEndpoints adminUsers = new AdminUserEndpoints(s.tenants(), s.users(), maxRequestBytes);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.addConnector((server, httpConfig) -> connector(server, httpConfig, host, port));
            config.http.maxRequestSize = maxRequestBytes;
            // Javalin copies each response body into Jetty's output through a buffer of this size,
            // allocated per response; by default Jetty's output buffer size, 32 KB. Our answers are
            // mostly under 1 KB (a token response is about 550 bytes), and Jetty buffers what is
            // written anyway, so a small copy buffer costs nothing and saves 30 KB per request.
            config.http.responseBufferSize = 2048;
            config.http.prefer405over404 = true;
            config.concurrency.useVirtualThreads = virtualThreads;
            if (!virtualThreads) {
                QueuedThreadPool pool = new QueuedThreadPool(maxThreads, Math.min(8, maxThreads));
                pool.setName("signet-http");
                config.jetty.threadPool = pool;
            }
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(2_000);
                server.insertHandler(new BodyCollector(maxRequestBytes)); // in front of Javalin's handlers
                // Outermost: a stop refuses new requests and waits (up to the stop timeout) for those in flight.
                server.insertHandler(new GracefulHandler());
            });
            config.events.serverStopped(s.metrics()::close);
            config.requestLogger.http((ctx, ms) -> s.metrics()
                    .request(route(ctx), ctx.method().name(), ctx.statusCode(), Duration.ofNanos((long)
                            (ms * 1_000_000))));
            config.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));

            config.routes.get("/healthz", health::health);
            config.routes.get("/readyz", health::ready);
            config.routes.get(
                    "/metrics",
                    ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                            .result(s.metrics().scrape()));
            config.routes.get("/tenants/{tenant}/.well-known/openid-configuration", oauth::metadata);
            config.routes.get("/.well-known/oauth-authorization-server/tenants/{tenant}", oauth::metadata);
            // RFC 8414 §5: many clients append the suffix to the issuer instead of inserting it.
            config.routes.get("/tenants/{tenant}/.well-known/oauth-authorization-server", oauth::metadata);
            config.routes.get("/tenants/{tenant}/jwks", oauth::jwks);
            config.routes.post("/tenants/{tenant}/token", oauth::token);
            config.routes.post("/tenants/{tenant}/introspect", oauth::introspect);
            config.routes.post("/tenants/{tenant}/revoke", oauth::revoke);
            // People's tokens: OpenID Connect userinfo.
            config.routes.get("/tenants/{tenant}/userinfo", oauth::userinfo);
            config.routes.post("/tenants/{tenant}/userinfo", oauth::userinfo);
            // The browser's sign-in pages, when the composition root wired them.
            if (signIn != null) {
                signIn.register(config.routes);
            }

            config.routes.before("/admin/*", admin::requireAdmin);
            config.routes.get("/admin/tenants", admin::listTenants);
            config.routes.post("/admin/tenants", admin::createTenant);
            config.routes.get("/admin/tenants/{tenant}/clients", admin::listClients);
            config.routes.post("/admin/tenants/{tenant}/clients", admin::registerClient);
            config.routes.post("/admin/tenants/{tenant}/clients/{client}/secret", admin::rotateSecret);
            config.routes.post("/admin/tenants/{tenant}/clients/{client}/disable", admin::disableClient);
            config.routes.post("/admin/tenants/{tenant}/clients/{client}/enable", admin::enableClient);
            config.routes.get("/admin/tenants/{tenant}/keys", admin::listKeys);
            config.routes.post("/admin/tenants/{tenant}/keys/rotate", admin::rotateKeys);
            config.routes.post("/admin/tenants/{tenant}/keys/{kid}/revoke", admin::revokeKey);
            config.routes.get("/admin/tenants/{tenant}/audit", admin::auditLog);
            config.routes.get("/admin/tenants/{tenant}/users", adminUsers::list);
            config.routes.post("/admin/tenants/{tenant}/users", adminUsers::create);
            config.routes.get("/admin/tenants/{tenant}/users/{user}", adminUsers::get);
            config.routes.post("/admin/tenants/{tenant}/users/{user}/disable", adminUsers::disable);
            config.routes.post("/admin/tenants/{tenant}/users/{user}/enable", adminUsers::enable);
            config.routes.post("/admin/tenants/{tenant}/users/{user}/unlock", adminUsers::unlock);
            config.routes.post("/admin/tenants/{tenant}/users/{user}/reset-password", adminUsers::resetPassword);
            config.routes.post("/admin/tenants/{tenant}/users/{user}/reset-mfa", adminUsers::resetMfa);

            config.routes.exception(OAuthError.class, (e, ctx) -> Responses.error(ctx, e));
            config.routes.exception(Refusal.class, (e, ctx) -> Responses.error(ctx, e));
            config.routes.exception(
                    HttpResponseException.class,
                    (e, ctx) -> Responses.error(ctx, HttpError.refused(e.getStatus(), describe(e))));
            config.routes.exception(Exception.class, (e, ctx) -> {
                if (Database.connectionLost(e)) {
                    // The outage is logged once by the health check, told of this failure now.
                    s.db().health().suspect();
                    unavailable(ctx);
                } else if (!s.db().health().up()) {
                    // Whatever failed while the database is away most likely failed for that reason
                    // (the audit log refusing, for one): the same answer, without a stack trace.
                    LOG.debug("{} {} failed while the database is unreachable: {}", ctx.method(), ctx.path(), e);
                    unavailable(ctx);
                } else {
                    LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                    Responses.error(ctx, HttpError.serverError());
                }
            });
        });
    }

    /**
     * The one HTTP/1.1 connector, as Javalin's own but with the {@link #IDLE_TIMEOUT} and the
     * {@link #REQUEST_DEADLINE} watching its connections.
     */
    private static ServerConnector connector(Server server, HttpConfiguration http, String host, int port) {
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        connector.addEventListener(new ArrivalDeadline(connector.getScheduler(), REQUEST_DEADLINE, DEADLINE_SWEEP));
        return connector;
    }

    /** The database cannot be reached: 503 {@code temporarily_unavailable} (RFC 6749 §4.1.2.1) with Retry-After. */
    private static void unavailable(io.javalin.http.Context ctx) {
        ctx.header("Retry-After", Long.toString(RETRY_AFTER_SECONDS));
        Responses.error(ctx, new Unavailable());
    }

    /** The refusal sent while the database cannot be reached. */
    private static final class Unavailable extends Refusal {
        private static final long serialVersionUID = 1L;

        Unavailable() {
            super("temporarily_unavailable", 503, "the server cannot reach its database right now; retry shortly");
        }
    }

    /** The matched route template, or a fixed label for requests that matched none. */
    private static String route(io.javalin.http.Context ctx) {
        try {
            String path = ctx.endpoint().path;
            return path == null || path.isEmpty() ? "unmatched" : path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }

    private static String describe(HttpResponseException e) {
        Map<String, String> d = new LinkedHashMap<>(e.getDetails());
        String m = e.getMessage();
        return m == null || m.isEmpty()
                ? "request refused (HTTP " + e.getStatus() + ")"
                : m + (d.isEmpty() ? "" : " " + d);
    }
}
