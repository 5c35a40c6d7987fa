package dev.signet.cli.edge;

import dev.signet.cli.io.ExitCode;
import dev.signet.cli.io.SignetVersion;
import dev.signet.edge.EdgeConfig;
import dev.signet.edge.EdgeConfigException;
import dev.signet.edge.EdgeConfigLoader;
import dev.signet.edge.EdgeServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code signet edge}: runs the forward-auth service until interrupted. */
@Command(
        name = "edge",
        mixinStandardHelpOptions = true,
        versionProvider = SignetVersion.class,
        description = {
            "Run signet edge: forward authentication for nginx auth_request, Traefik ForwardAuth and Envoy ext_authz.",
            "It answers 200 with the identity as headers, or 401/403 with the WWW-Authenticate challenge",
            "(docs/edge.md)."
        })
public final class EdgeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "The edge's YAML configuration.")
    Path config;

    @Option(names = "--port", paramLabel = "N", description = "Port to listen on; replaces the port of listen:.")
    Integer port;

    /** Released by tests (or never, in production: the JVM's shutdown hook stops the edge). */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        return run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** The JDK's system property for the number of threads that carry virtual threads. */
    static final String CARRIERS = "jdk.virtualThreadScheduler.parallelism";

    int run(PrintWriter out, PrintWriter err) throws InterruptedException {
        // Two carriers per processor unless the user chose a number, as for signet server
        // (docs/server.md, "Threads"): a pre-empted carrier then holds up no virtual thread for long.
        if (System.getProperty(CARRIERS) == null || System.getProperty(CARRIERS).isBlank()) {
            System.setProperty(CARRIERS, String.valueOf(2 * Runtime.getRuntime().availableProcessors()));
        }
        if (port != null && (port < 0 || port > 65535)) {
            err.println("signet edge: invalid configuration: --port: a number from 0 to 65535");
            err.flush();
            return ExitCode.ERROR;
        }
        long started = System.nanoTime();
        EdgeServer edge;
        try {
            EdgeConfig cfg = EdgeConfigLoader.load(config);
            if (port != null) {
                cfg = cfg.withPort(port);
            }
            edge = EdgeServer.start(cfg);
        } catch (EdgeConfigException e) {
            err.println("signet edge: invalid configuration: " + e.getMessage());
            err.flush();
            return ExitCode.ERROR;
        } catch (RuntimeException e) {
            err.println("signet edge: cannot start: " + e.getMessage());
            err.flush();
            return ExitCode.ERROR;
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        out.printf(
                "signet edge %s on %s (%d issuers, %d routes, %s) ready in %d ms%n",
                SignetVersion.current(),
                edge.localUrl(),
                edge.config().issuers().size(),
                edge.config().routes().size(),
                edge.virtualThreads() ? "virtual threads" : "platform threads",
                ms);
        out.flush();
        Thread hook = new Thread(edge::close, "signet-edge-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stop.await();
        Runtime.getRuntime().removeShutdownHook(hook);
        edge.close();
        return ExitCode.OK;
    }
}
