package dev.signet.cli.io;

/** The exit codes of every {@code signet} command, the part of its output that scripts branch on. */
public final class ExitCode {

    /** The command did what was asked. */
    public static final int OK = 0;

    /** The input was read and judged: it is rejected or invalid (a bad token, a failed check). */
    public static final int REJECTED = 1;

    /**
     * The command could not do its job: bad usage, unreadable input, or an unexpected failure.
     * Kept apart from {@link #REJECTED} so a script never mistakes a crash for a verdict.
     */
    public static final int ERROR = 2;

    private ExitCode() {}
}
