package dev.signet.cli.server;

import dev.signet.cli.io.CommandFailure;
import dev.signet.cli.io.CryptoProviderOption;
import dev.signet.cli.io.ExitCode;
import dev.signet.cli.io.FailureReport;
import dev.signet.cli.io.GlobalOptions;
import dev.signet.cli.io.SignetVersion;
import dev.signet.server.keys.CryptoProviders;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The root command when the first argument is {@code server}: {@code signet}'s global options with
 * only the {@code server} subcommand. Picocli builds the model of every subcommand of a root before
 * it parses anything; for a process that will run a server, building the other dozen commands
 * (and their option converters) cost about 240 ms of start-up on the 2-core machine
 * (docs/server.md, "Start-up"). {@code signet --crypto-provider jdk server ...} (a global option
 * first) still goes through the full root, with the same result.
 *
 * <p>Even that root costs picocli's set-up (≈ 0.2 s: its built-in converters, the annotation
 * model), so {@link #direct} reads a plain server invocation — known options, each once, with a
 * value — itself; everything else (help, version, unknown or repeated options, a bad value) goes
 * to picocli, which reports it as it always did.
 */
@Command(
        name = "signet",
        mixinStandardHelpOptions = true,
        versionProvider = SignetVersion.class,
        description = "Signet: a JWT platform for Java.",
        subcommands = ServerCommand.class,
        exitCodeOnInvalidInput = ExitCode.ERROR)
public final class ServerRoot implements Callable<Integer>, GlobalOptions {

    @Spec
    CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = DEBUG_DESCRIPTION)
    boolean debug;

    @Option(
            names = "--crypto-provider",
            scope = ScopeType.INHERIT,
            paramLabel = "auto|accp|jdk",
            converter = CryptoProviderOption.Converter.class,
            description = CRYPTO_PROVIDER_DESCRIPTION)
    CryptoProviders.Choice cryptoProvider;

    /** The options of {@code signet server} that take a value (all of them but the flags below). */
    private static final Set<String> VALUED =
            Set.of("--config", "--port", "--data", "--db-url", "--base-url", "--crypto-provider");

    /**
     * The server command a plain invocation ({@code server} then known options, each at most once,
     * as {@code --name value} or {@code --name=value}, plus {@code --debug}) sets up, as picocli
     * would set it; null for any other arguments, which picocli must see.
     */
    public static ServerCommand direct(String[] args) {
        if (!handles(args)) {
            return null;
        }
        Map<String, String> values = new HashMap<>();
        boolean debug = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--debug")) {
                if (debug) {
                    return null;
                }
                debug = true;
                continue;
            }
            int eq = a.indexOf('=');
            String name = eq > 0 ? a.substring(0, eq) : a;
            String value;
            if (eq > 0) {
                value = a.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return null;
            }
            if (!VALUED.contains(name) || value.isEmpty() || value.startsWith("-") || values.put(name, value) != null) {
                return null;
            }
        }
        ServerRoot root = new ServerRoot();
        root.debug = debug;
        ServerCommand server = new ServerCommand();
        server.root = root;
        try {
            if (values.containsKey("--crypto-provider")) {
                root.cryptoProvider = CryptoProviderOption.parse(values.get("--crypto-provider"), "--crypto-provider");
            }
            server.config = values.containsKey("--config") ? Path.of(values.get("--config")) : null;
        } catch (CommandFailure | InvalidPathException e) {
            return null;
        }
        server.port = values.get("--port");
        server.data = values.get("--data");
        server.dbUrl = values.get("--db-url");
        server.baseUrl = values.get("--base-url");
        return server;
    }

    /** Runs what {@link #direct} set up on the standard streams; failures reported as picocli's handler would. */
    public static int runDirect(ServerCommand server) {
        // The terminal's own encoding, as System.out and System.err use.
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, Charset.defaultCharset()), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, Charset.defaultCharset()), true);
        try {
            return server.run(out, err);
        } catch (Exception e) {
            return FailureReport.failure(e, err, "signet server", server.root.debug());
        }
    }

    /** Whether {@code args} is a server invocation this root parses exactly as the full root would. */
    public static boolean handles(String[] args) {
        return args.length > 0 && args[0].equals("server");
    }

    /** The command line of this root, with Signet's error handling. */
    public static CommandLine newCommandLine() {
        return FailureReport.installOn(new CommandLine(new ServerRoot()));
    }

    @Override
    public CryptoProviders.Choice cryptoProvider() {
        return cryptoProvider;
    }

    @Override
    public boolean debug() {
        return debug || System.getenv("SIGNET_DEBUG") != null;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
