package dev.signet.cli.io;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** Turns bad usage and a failed command into one line on stderr and the exit code scripts branch on. */
public final class FailureReport implements IParameterExceptionHandler, IExecutionExceptionHandler {

    // One instance handles both, rather than two method references: each would be a class to load
    // at every start.
    private static final FailureReport INSTANCE = new FailureReport();

    private FailureReport() {}

    /** Signet's usage-error and failure reporting on {@code cmd}, and no picocli argument files. */
    public static CommandLine installOn(CommandLine cmd) {
        return cmd
                // '@file' means "read this token or key from a file", not picocli's argument files.
                .setExpandAtFiles(false)
                .setParameterExceptionHandler(INSTANCE)
                .setExecutionExceptionHandler(INSTANCE);
    }

    /** Bad usage: one line saying what was wrong and where to look, never the whole usage text. */
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        err.println(name + ": " + ex.getMessage());
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + name + " --help' for more information.");
        err.flush();
        return ExitCode.ERROR;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        boolean debug = cmd.getCommandSpec().root().userObject() instanceof GlobalOptions root
                ? root.debug()
                : System.getenv("SIGNET_DEBUG") != null;
        return failure(ex, cmd.getErr(), cmd.getCommandSpec().qualifiedName(), debug);
    }

    /**
     * A command failed while running. I/O problems are the user's to fix, so they get a message
     * and no stack trace; anything else is a bug in Signet, and {@code --debug} shows its trace.
     * {@code name} is the command as the user typed it, e.g. {@code signet server}.
     */
    public static int failure(Exception ex, PrintWriter err, String name, boolean debug) {
        if (ex instanceof CommandFailure failure) {
            err.println(
                    failure.code() != null
                            ? failure.code() + ": " + failure.getMessage()
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
            err.println(name + ": internal error: " + cause + " (run again with --debug to see the stack trace)");
        }
        if (debug) {
            cause.printStackTrace(err);
        }
        err.flush();
        return ExitCode.ERROR;
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
