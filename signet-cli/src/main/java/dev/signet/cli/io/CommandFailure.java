package dev.signet.cli.io;

/**
 * A command stopped with a message for the user: {@link #usage} problems (bad options, unreadable
 * input, a key that cannot serve) exit 2 as {@code signet CMD: message}; {@link #rejected} verdicts
 * on a token exit 1 as {@code CODE: detail}, the line scripts match on.
 */
public final class CommandFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final String code;

    private CommandFailure(int exitCode, String code, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.code = code;
    }

    /** The user must change the command or its input; exit 2. */
    public static CommandFailure usage(String message) {
        return new CommandFailure(ExitCode.ERROR, null, message, null);
    }

    /** As {@link #usage(String)}, keeping the cause for {@code --debug}. */
    public static CommandFailure usage(String message, Throwable cause) {
        return new CommandFailure(ExitCode.ERROR, null, message, cause);
    }

    /** The token was read and judged invalid; exit 1 with one line that starts with {@code code}. */
    public static CommandFailure rejected(String code, String detail) {
        return new CommandFailure(ExitCode.REJECTED, code, detail, null);
    }

    int exitCode() {
        return exitCode;
    }

    /** The stable reason code of a rejection, or null for a usage failure. */
    String code() {
        return code;
    }
}
