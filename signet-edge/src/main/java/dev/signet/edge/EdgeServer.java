package dev.signet.edge;

import dev.signet.verify.Issuer;
import dev.signet.verify.KeySetFetcher;
import dev.signet.verify.ProtectedResource;
import dev.signet.verify.RemoteKeySets;
import dev.signet.verify.TokenVerifier;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running edge: a Javalin server whose every path but its own answers forward-auth
 * ({@link ForwardAuthHandler}), and which serves {@code /healthz}, {@code /readyz} (every issuer's
 * keys loaded), {@code /metrics} and the RFC 9728 document.
 */
public final class EdgeServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeServer.class);

    /** The largest request head accepted; a larger one is refused with 403. */
    static final int REQUEST_HEADER_BYTES = 32 * 1024;

    private final Javalin app;
    private final EdgeConfig config;
    private final boolean virtualThreads;
    private final ProtectedResource resource;

    private EdgeServer(Javalin app, EdgeConfig config, boolean virtualThreads, ProtectedResource resource) {
        this.app = app;
        this.config = config;
        this.virtualThreads = virtualThreads;
        this.resource = resource;
    }

    /** Starts the edge; its keys are loaded in the background ({@code /readyz} says when). */
    public static EdgeServer start(EdgeConfig config) {
        return start(config, Clock.systemUTC());
    }

    static EdgeServer start(EdgeConfig config, Clock clock) {
        EdgeMetrics metrics = new EdgeMetrics();
        KeySetFetcher fetcher = KeySetFetcher.withDefaults();
        RemoteKeySets keySets = RemoteKeySets.builder()
                .fetcher(fetcher)
                .clock(clock)
                .maxStale(TokenVerifier.DEFAULT_MAX_STALE)
                .problems(p -> LOG.warn("{}", p))
                .events(metrics.verificationEvents())
                .build();
        List<Issuer> issuers = new ArrayList<>();
        for (EdgeConfig.IssuerSpec s : config.issuers()) {
            issuers.add(Issuer.builder(s.issuer())
                    .audiences(s.audiences())
                    .algorithms(s.algorithms())
                    .build());
        }
        String metadataPath = config.resource() == null
                ? ProtectedResource.WELL_KNOWN
                : ProtectedResource.builder(config.resource()).build().metadataPath();
        ProtectedResource[] resource = new ProtectedResource[1];
        TokenVerifier.Builder vb = TokenVerifier.builder()
                .keySets(keySets)
                .clock(clock)
                .cache(100_000)
                .events(metrics.verificationEvents());
        issuers.forEach(vb::issuer);
        TokenVerifier verifier = vb.build();
        ForwardAuthHandler handler = new ForwardAuthHandler(metrics, config.envoyPrefix());
        KeyReadiness readiness = new KeyReadiness(issuers, fetcher, keySets, clock);
        boolean virtual = virtualThreadsAvailable();
        Set<String> own = Set.of("/healthz", "/readyz", "/metrics", metadataPath);
        Javalin app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.jetty.host = config.host();
            c.jetty.port = config.port();
            c.concurrency.useVirtualThreads = virtual;
            if (!virtual) {
                QueuedThreadPool pool = new QueuedThreadPool(200, 8);
                pool.setName("signet-edge");
                c.jetty.threadPool = pool;
            }
            c.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                // Paths are judged by the edge itself (PathNormalizer): Jetty must hand them on as sent,
                // not answer 400 for an ambiguous one (a gateway turns anything but 200/401/403 into a 500).
                http.setUriCompliance(UriCompliance.UNSAFE);
                // A token may be 16 KiB (TokenVerifier.DEFAULT_MAX_TOKEN_LENGTH); the rest of the headers fit beside
                // it.
                http.setRequestHeaderSize(REQUEST_HEADER_BYTES);
            });
            c.jetty.modifyServer(server -> {
                server.setStopTimeout(2_000);
                server.insertHandler(handler);
                server.setErrorHandler(new RefusingErrorHandler(metrics, own));
            });
            c.routes.get("/healthz", ctx -> ctx.contentType("application/json").result("{\"status\":\"up\"}"));
            c.routes.get("/readyz", ctx -> {
                String problem = readiness.notReady();
                if (problem == null) {
                    ctx.contentType("application/json").result("{\"status\":\"ready\"}");
                } else {
                    ctx.status(503).contentType("application/json").result("{\"status\":\"not ready\"}");
                    LOG.debug("not ready: {}", problem);
                }
            });
            c.routes.get(
                    "/metrics",
                    ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                            .result(metrics.scrape()));
            c.routes.get(metadataPath, ctx -> {
                ctx.contentType("application/json");
                ctx.header("Cache-Control", "max-age=3600");
                ctx.result(resource[0].metadataJson());
            });
        });
        app.start();
        // Without a configured resource, its identifier is the bound address (the port may have been 0).
        String id = config.resource() != null ? config.resource() : url(config.host(), app.port());
        ProtectedResource.Builder pr = ProtectedResource.builder(id);
        config.issuers().forEach(s -> pr.authorizationServer(s.issuer()));
        resource[0] = pr.build();
        handler.start(new ForwardAuth(verifier, resource[0], config.routes(), config.forward(), clock), own);
        Thread warm = new Thread(readiness::notReady, "signet-edge-warm-up");
        warm.setDaemon(true);
        warm.start();
        return new EdgeServer(app, config, virtual, resource[0]);
    }

    /** The bound port. */
    public int port() {
        return app.port();
    }

    /** The local URL the edge answers on. */
    public String localUrl() {
        return url(config.host(), port());
    }

    private static String url(String host, int port) {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    public boolean virtualThreads() {
        return virtualThreads;
    }

    public EdgeConfig config() {
        return config;
    }

    public ProtectedResource resource() {
        return resource;
    }

    @Override
    public void close() {
        app.stop();
    }

    /** Virtual threads are final from Java 21; the code is compiled for 17, so look for them at run time. */
    static boolean virtualThreadsAvailable() {
        if (Runtime.version().feature() < 21) {
            return false;
        }
        try {
            Thread.class.getMethod("ofVirtual");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
