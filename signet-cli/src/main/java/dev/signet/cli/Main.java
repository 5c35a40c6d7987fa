package dev.signet.cli;

import dev.signet.server.keys.CryptoProviders;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code signet} command: parses the arguments, runs one subcommand and turns the outcome
 * into an exit code that scripts can branch on.
 */
@Command(
        name = "signet",
        mixinStandardHelpOptions = true,
        versionProvider = SignetVersion.class,
        description = "Signet: a JWT platform for Java.",
        subcommands = {KeygenCommand.class, SignCommand.class, VerifyCommand.class, InspectCommand.class,
                EncryptCommand.class, DecryptCommand.class,
                JwksCommand.class, ThumbprintCommand.class, VersionCommand.class, CompletionCommand.class,
                ServerCommand.class, AdminCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success",
                "  1  the token (or key set) was read and judged invalid or rejected",
                "  2  usage error, unreadable input, or a failure of signet itself",
                "",
                "Environment: SIGNET_CRYPTO_PROVIDER=auto|accp|jdk, SIGNET_DEBUG=1, NO_COLOR=1"},
        exitCodeOnInvalidInput = Main.EXIT_ERROR)
public final class Main implements Callable<Integer>, GlobalOptions {

    /** The command did what was asked. */
    public static final int EXIT_OK = 0;

    /** The input was read and judged: it is rejected or invalid (a bad token, a failed check). */
    public static final int EXIT_REJECTED = 1;

    /**
     * The command could not do its job: bad usage, unreadable input, or an unexpected failure.
     * Kept apart from {@link #EXIT_REJECTED} so a script never mistakes a crash for a verdict.
     */
    public static final int EXIT_ERROR = 2;

    @Spec
    CommandSpec spec;

    static final String DEBUG_DESCRIPTION = "Show stack traces and provider decisions on stderr (also: SIGNET_DEBUG=1).";
    static final String CRYPTO_PROVIDER_DESCRIPTION = "JCA provider for crypto: auto (ACCP where it loads, else the JDK),"
            + " accp, or jdk. Default: $SIGNET_CRYPTO_PROVIDER, else auto.";

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = DEBUG_DESCRIPTION)
    boolean debug;

    @Option(names = "--crypto-provider", scope = ScopeType.INHERIT, paramLabel = "auto|accp|jdk",
            converter = ChoiceConverter.class, description = CRYPTO_PROVIDER_DESCRIPTION)
    CryptoProviders.Choice cryptoProvider;

    private final Inputs inputs;
    private Style style;
    private Function<String, String> environment = System::getenv;

    Main(InputStream stdin) {
        this.inputs = new Inputs(stdin);
    }

    public static void main(String[] args) {
        // `signet server ...`: start-up time counts, so a plain invocation skips picocli, and any
        // other parses with a root that knows only that subcommand (see ServerRoot).
        ServerCommand direct = ServerRoot.direct(args);
        if (direct != null) {
            System.exit(ServerRoot.runDirect(direct));
        }
        CommandLine cmd = ServerRoot.handles(args) ? ServerRoot.newCommandLine() : newCommandLine();
        System.exit(cmd.execute(args));
    }

    /** The command line with Signet's error handling; tests run it in-process with their own writers. */
    static CommandLine newCommandLine() {
        return newCommandLine(System.in);
    }

    /** The command line reading standard input from {@code stdin}. */
    static CommandLine newCommandLine(InputStream stdin) {
        return kidsMayStartWithADash(withErrorHandling(new CommandLine(new Main(stdin))));
    }

    /**
     * A key id is a Base64URL thumbprint, and one in 64 starts with '-'. Under
     * {@code signet admin keys}, an argument that is none of the command's options is therefore its
     * KID, not an unknown option. (Client ids and tenant names start with a letter or digit.)
     */
    static CommandLine kidsMayStartWithADash(CommandLine root) {
        CommandLine admin = root.getSubcommands().get("admin");
        if (admin != null) {
            admin.getSubcommands().get("keys").setUnmatchedOptionsArePositionalParams(true);
        }
        return root;
    }

    /** Signet's usage-error and failure reporting, and no picocli argument files. */
    static CommandLine withErrorHandling(CommandLine cmd) {
        return cmd
                // '@file' means "read this token or key from a file", not picocli's argument files.
                .setExpandAtFiles(false)
                .setParameterExceptionHandler(Main::reportUsageError)
                .setExecutionExceptionHandler(Main::reportFailure);
    }

    @Override
    public CryptoProviders.Choice cryptoProvider() {
        return cryptoProvider;
    }

    /** The root command of {@code spec}'s command line: the global options and shared services. */
    static Main of(CommandSpec spec) {
        return (Main) spec.root().userObject();
    }

    Inputs inputs() {
        return inputs;
    }

    /** How stdout is coloured; tests may fix it with {@link #style(Style)}. */
    Style style() {
        if (style == null) {
            style = Style.forStdout();
        }
        return style;
    }

    Main style(Style fixed) {
        this.style = fixed;
        return this;
    }

    /** An environment variable, or null; tests may substitute the environment. */
    String env(String name) {
        return environment.apply(name);
    }

    Main environment(Function<String, String> env) {
        this.environment = env;
        return this;
    }

    @Override
    public boolean debug() {
        return debug || env("SIGNET_DEBUG") != null;
    }

    /**
     * Installs the chosen crypto provider; called by the commands that sign, verify or generate
     * keys, so {@code inspect} and {@code --help} never pay for loading a native library.
     */
    String cryptoReady() {
        return CryptoProviderOption.install(CryptoProviderOption.choose(cryptoProvider, env(CryptoProviderOption.ENV)),
                spec.commandLine().getErr(), debug());
    }

    /** Converts the option value, with the same message as a bad environment value. */
    static final class ChoiceConverter implements CommandLine.ITypeConverter<CryptoProviders.Choice> {
        @Override
        public CryptoProviders.Choice convert(String value) {
            try {
                return CryptoProviderOption.parse(value, "--crypto-provider");
            } catch (CommandFailure e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /** Bad usage: one line saying what was wrong and where to look, never the whole usage text. */
    private static int reportUsageError(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        err.println(name + ": " + ex.getMessage());
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + name + " --help' for more information.");
        err.flush();
        return EXIT_ERROR;
    }

    /**
     * A command failed while running. I/O problems are the user's to fix, so they get a message
     * and no stack trace; anything else is a bug in Signet, and SIGNET_DEBUG shows its trace.
     */
    private static int reportFailure(Exception ex, CommandLine cmd, ParseResult parsed) {
        boolean debug = cmd.getCommandSpec().root().userObject() instanceof GlobalOptions root ? root.debug()
                : System.getenv("SIGNET_DEBUG") != null;
        return reportFailure(ex, cmd.getErr(), cmd.getCommandSpec().qualifiedName(), debug);
    }

    /** {@link #reportFailure(Exception, CommandLine, ParseResult)} for a command run without picocli. */
    static int reportFailure(Exception ex, PrintWriter err, String name, boolean debug) {
        if (ex instanceof CommandFailure failure) {
            err.println(failure.code() != null ? failure.code() + ": " + failure.getMessage()
                    : name + ": " + failure.getMessage());
            if (debug) {
                failure.printStackTrace(err);
            }
            err.flush();
            return failure.exitCode();
        }
        Throwable cause = ex instanceof UncheckedIOException ? ex.getCause() : ex;
        if (cause instanceof IOException io) {
            err.println(name + ": " + describe(io));
        } else {
            err.println(name + ": internal error: " + cause
                    + " (run again with --debug to see the stack trace)");
        }
        if (debug) {
            cause.printStackTrace(err);
        }
        err.flush();
        return EXIT_ERROR;
    }

    private static String describe(IOException io) {
        if (io instanceof NoSuchFileException) {
            return "no such file: " + io.getMessage();
        }
        if (io instanceof AccessDeniedException) {
            return "permission denied: " + io.getMessage();
        }
        return io.getMessage() != null ? io.getMessage() : io.getClass().getSimpleName();
    }
}
