package dev.signet.cli.server;

import dev.signet.cli.admin.AdminCommand;
import dev.signet.cli.io.ExitCode;
import dev.signet.cli.io.GlobalOptions;
import dev.signet.cli.io.SignetVersion;
import dev.signet.server.Server;
import dev.signet.server.StartupException;
import dev.signet.server.config.ConfigException;
import dev.signet.server.config.ConfigLoader;
import dev.signet.server.config.ServerConfig;
import dev.signet.server.config.Setting;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code signet server}: runs the authorization server until interrupted. */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        versionProvider = SignetVersion.class,
        description = {
            "Run the Signet authorization server.",
            "With no options: http://127.0.0.1:8080, an H2 database in ./signet-data, tenant 'default'.",
            "Every setting can also come from the YAML file or a SIGNET_... environment variable (docs/server.md)."
        })
public final class ServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file.")
    Path config;

    @Option(names = "--port", paramLabel = "N", description = "Port to listen on (server.port).")
    String port;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (data-dir), default ./signet-data.")
    String data;

    @Option(
            names = "--db-url",
            paramLabel = "URL",
            description = "JDBC URL (database.url), e.g. jdbc:postgresql://host/db.")
    String dbUrl;

    @Option(names = "--base-url", paramLabel = "URL", description = "Public base URL (server.base-url) behind a proxy.")
    String baseUrl;

    /** For the global {@code --crypto-provider} option, which the server reads as its crypto-provider setting. */
    @ParentCommand
    GlobalOptions root;

    /** Released by tests (or never, in production: the JVM's shutdown hook stops the server). */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        return run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** The JDK's system property for the number of threads that carry virtual threads. */
    static final String CARRIERS = "jdk.virtualThreadScheduler.parallelism";

    /**
     * How many carrier threads the server's virtual threads get: what the user set, else twice the
     * processors. With one per processor (the JDK's default) every carrier the operating system
     * pre-empts (for the database, the audit writer, GC, a co-located process) holds up the virtual
     * threads queued on it; with two, the other one picks them up. On 2 cores at c=64 that took the
     * token endpoint's p99 from 28-31 ms to 18-23 ms for ≈ 17% fewer tokens/s (docs/server.md, "Threads").
     */
    static String carrierThreads(String configured, int processors) {
        return configured != null && !configured.isBlank() ? configured : String.valueOf(2 * processors);
    }

    /** Runs the server with the options already set (by picocli, or by {@link ServerRoot#direct}). */
    public int run(PrintWriter out, PrintWriter err) throws InterruptedException {
        // Before the first virtual thread exists: the scheduler reads it once.
        System.setProperty(
                CARRIERS,
                carrierThreads(
                        System.getProperty(CARRIERS), Runtime.getRuntime().availableProcessors()));
        Map<Setting, String> options = new EnumMap<>(Setting.class);
        put(options, Setting.SERVER_PORT, port);
        put(options, Setting.DATA_DIR, data);
        put(options, Setting.DATABASE_URL, dbUrl);
        put(options, Setting.SERVER_BASE_URL, baseUrl);
        if (root != null && root.cryptoProvider() != null) {
            put(options, Setting.CRYPTO_PROVIDER, root.cryptoProvider().name().toLowerCase(java.util.Locale.ROOT));
        }
        long started = System.nanoTime();
        Server server;
        try {
            ServerConfig cfg = ConfigLoader.load(config, options, System.getenv());
            server = Server.start(cfg, System.getenv(), Clock.systemUTC(), w -> {
                err.println("signet server: warning: " + w);
                err.flush();
            });
        } catch (ConfigException e) {
            err.println("signet server: invalid configuration: " + e.getMessage());
            err.flush();
            return ExitCode.ERROR;
        } catch (StartupException e) {
            err.println("signet server: cannot start: " + e.getMessage());
            err.flush();
            return ExitCode.ERROR;
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        // Before the ready line: a service manager may send SIGTERM as soon as it reads it.
        GracefulStop onSignal = GracefulStop.install(server::close, out::println, () -> {
            out.flush();
            err.flush();
        });
        out.printf(
                "signet server %s on %s (%s, crypto %s, %s) ready in %d ms%n",
                SignetVersion.current(),
                server.localUrl(),
                server.databaseProduct(),
                server.cryptoProvider(),
                server.virtualThreads()
                        ? "virtual threads on " + System.getProperty(CARRIERS) + " carriers"
                        : "platform threads",
                ms);
        if (!server.baseUrl().equals(server.localUrl())) {
            out.printf("  public base URL  %s%n", server.baseUrl());
        }
        for (var t : server.config().tenants()) {
            out.printf("  issuer  %s%n", server.issuer(t.name()));
        }
        if (server.adminCredentialFile().isPresent()) {
            out.printf(
                    "  admin credential written to %s (mode 0600; the server keeps only its hash)%n",
                    server.adminCredentialFile().get());
        } else {
            out.printf(
                    "  admin credential: the one created at first start, in %s%n",
                    server.config().dataDir().resolve("admin-credential"));
        }
        out.println("  manage it with: signet admin"
                + adminOptions(server.localUrl(), server.config().dataDir()) + " tenants list   (docs/cli.md)");
        out.flush();
        stop.await();
        onSignal.uninstall();
        server.close();
        return ExitCode.OK;
    }

    /** The options {@code signet admin} needs, run from this working directory, to reach this server. */
    private static String adminOptions(String localUrl, Path dataDir) {
        StringBuilder sb = new StringBuilder();
        if (!localUrl.equals(AdminCommand.DEFAULT_SERVER)) {
            sb.append(" --server ").append(localUrl);
        }
        Path credential = dataDir.resolve("admin-credential");
        if (!credential.normalize().equals(AdminCommand.DEFAULT_CREDENTIAL_FILE)) {
            sb.append(" --credential-file ").append(credential);
        }
        return sb.toString();
    }

    /** Generic, so this class's signatures name no server type: picocli reflects on them at every start. */
    private static <K> void put(Map<K, String> options, K key, String value) {
        if (value != null) {
            options.put(key, value);
        }
    }
}
