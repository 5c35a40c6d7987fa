package dev.signet.cli;

import dev.signet.cli.about.CompletionCommand;
import dev.signet.cli.about.VersionCommand;
import dev.signet.cli.admin.AdminCommand;
import dev.signet.cli.edge.EdgeCommand;
import dev.signet.cli.io.CommandContext;
import dev.signet.cli.io.CryptoProviderOption;
import dev.signet.cli.io.ExitCode;
import dev.signet.cli.io.FailureReport;
import dev.signet.cli.io.GlobalOptions;
import dev.signet.cli.io.SignetVersion;
import dev.signet.cli.io.Style;
import dev.signet.cli.server.ServerCommand;
import dev.signet.cli.server.ServerRoot;
import dev.signet.cli.token.DecryptCommand;
import dev.signet.cli.token.EncryptCommand;
import dev.signet.cli.token.InspectCommand;
import dev.signet.cli.token.JwksCommand;
import dev.signet.cli.token.KeygenCommand;
import dev.signet.cli.token.SignCommand;
import dev.signet.cli.token.ThumbprintCommand;
import dev.signet.cli.token.VerifyCommand;
import dev.signet.server.keys.CryptoProviders;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code signet} command: parses the arguments, runs one subcommand and turns the outcome
 * into an exit code that scripts can branch on.
 */
@Command(
        name = "signet",
        mixinStandardHelpOptions = true,
        versionProvider = SignetVersion.class,
        description = "Signet: a JWT platform for Java.",
        subcommands = {
            KeygenCommand.class,
            SignCommand.class,
            VerifyCommand.class,
            InspectCommand.class,
            EncryptCommand.class,
            DecryptCommand.class,
            JwksCommand.class,
            ThumbprintCommand.class,
            VersionCommand.class,
            CompletionCommand.class,
            ServerCommand.class,
            EdgeCommand.class,
            AdminCommand.class,
            CommandLine.HelpCommand.class
        },
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  success",
            "  1  the token (or key set) was read and judged invalid or rejected",
            "  2  usage error, unreadable input, or a failure of signet itself",
            "",
            "Environment: SIGNET_CRYPTO_PROVIDER=auto|accp|jdk, SIGNET_DEBUG=1, NO_COLOR=1"
        },
        exitCodeOnInvalidInput = ExitCode.ERROR)
public final class Main implements Callable<Integer>, GlobalOptions, CommandContext.Holder {

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

    private final CommandContext context;

    private Main(InputStream stdin, Function<String, String> environment, Style style, OutputStream binaryStdout) {
        this.context = new CommandContext(this, stdin, environment, style, binaryStdout);
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

    /** The command line on the process's standard streams and environment. */
    static CommandLine newCommandLine() {
        return newCommandLine(System.in, System::getenv, null, null);
    }

    /**
     * The command line with Signet's error handling, reading {@code stdin} and {@code environment};
     * {@code style} null decides colour from stdout, {@code binaryStdout} null writes raw bytes to the
     * process's stdout. Tests and the class-data-sharing training run it in-process this way.
     */
    static CommandLine newCommandLine(
            InputStream stdin, Function<String, String> environment, Style style, OutputStream binaryStdout) {
        return kidsMayStartWithADash(
                FailureReport.installOn(new CommandLine(new Main(stdin, environment, style, binaryStdout))));
    }

    /**
     * A key id is a Base64URL thumbprint, and one in 64 starts with '-'. Under
     * {@code signet admin keys}, an argument that is none of the command's options is therefore its
     * KID, not an unknown option. (Client ids and tenant names start with a letter or digit.)
     */
    private static CommandLine kidsMayStartWithADash(CommandLine root) {
        CommandLine admin = root.getSubcommands().get("admin");
        if (admin != null) {
            admin.getSubcommands().get("keys").setUnmatchedOptionsArePositionalParams(true);
        }
        return root;
    }

    @Override
    public CommandContext context() {
        return context;
    }

    @Override
    public CryptoProviders.Choice cryptoProvider() {
        return cryptoProvider;
    }

    @Override
    public boolean debug() {
        return debug || context.env("SIGNET_DEBUG") != null;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
