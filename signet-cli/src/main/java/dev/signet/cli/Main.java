package dev.signet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
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
        subcommands = {VersionCommand.class, ServerCommand.class, CommandLine.HelpCommand.class},
        exitCodeOnInvalidInput = Main.EXIT_ERROR)
public final class Main implements Callable<Integer> {

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

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The command line with Signet's error handling; tests run it in-process with their own writers. */
    static CommandLine newCommandLine() {
        return new CommandLine(new Main())
                .setParameterExceptionHandler(Main::reportUsageError)
                .setExecutionExceptionHandler(Main::reportFailure);
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
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        Throwable cause = ex instanceof UncheckedIOException ? ex.getCause() : ex;
        if (cause instanceof IOException io) {
            err.println(name + ": " + describe(io));
        } else {
            err.println(name + ": internal error: " + cause
                    + " (set SIGNET_DEBUG=1 to see the stack trace)");
        }
        if (System.getenv("SIGNET_DEBUG") != null) {
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
