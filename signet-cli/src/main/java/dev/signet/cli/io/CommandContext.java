package dev.signet.cli.io;

import dev.signet.server.keys.CryptoProviders;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the commands of one {@code signet} run share: the global options, standard input, the
 * environment, how stdout is coloured and where raw bytes go. The root command holds it; a command
 * reaches it through its own spec, so no command names the root.
 */
public final class CommandContext {

    /** A root command that holds the context of its run. */
    public interface Holder {
        CommandContext context();
    }

    private final GlobalOptions options;
    private final Inputs inputs;
    private final Function<String, String> environment;
    private final OutputStream binaryStdout;
    private Style style;

    /**
     * @param options the root's global options, read when a command runs (after parsing)
     * @param stdin standard input
     * @param environment environment variables by name (null when unset)
     * @param style how stdout is coloured, or null to decide from stdout when first asked
     * @param binaryStdout where raw output bytes go, or null for the process's standard output
     */
    public CommandContext(
            GlobalOptions options,
            InputStream stdin,
            Function<String, String> environment,
            Style style,
            OutputStream binaryStdout) {
        this.options = options;
        this.inputs = new Inputs(stdin);
        this.environment = environment;
        this.style = style;
        this.binaryStdout = binaryStdout;
    }

    /** The context of the run {@code spec}'s command belongs to. */
    public static CommandContext of(CommandSpec spec) {
        return ((Holder) spec.root().userObject()).context();
    }

    /** Tokens, documents and answers from arguments, files and standard input. */
    public Inputs inputs() {
        return inputs;
    }

    /** How stdout is coloured. */
    public Style style() {
        if (style == null) {
            style = Style.forStdout();
        }
        return style;
    }

    /** An environment variable, or null. */
    public String env(String name) {
        return environment.apply(name);
    }

    /** Where a command writes bytes that are not text (a decrypted payload). */
    public OutputStream binaryStdout() {
        return binaryStdout != null ? binaryStdout : System.out;
    }

    /** Whether {@link #binaryStdout()} is a terminal, where raw bytes could drive it. */
    public boolean binaryStdoutIsTerminal() {
        return binaryStdout == null && Style.isTerminal(System.console());
    }

    /**
     * Installs the chosen crypto provider and describes it; called by the commands that sign,
     * verify or generate keys, so {@code inspect} and {@code --help} never pay for loading a native
     * library. A fallback is reported on {@code err} under {@code --debug}.
     */
    public String cryptoReady(PrintWriter err) {
        CryptoProviders.Choice choice =
                CryptoProviderOption.choose(options.cryptoProvider(), env(CryptoProviderOption.ENV));
        return CryptoProviderOption.install(choice, err, options.debug());
    }
}
