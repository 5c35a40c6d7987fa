package dev.signet.cli;

import dev.signet.cli.io.Style;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** Runs the signet command line in-process, with its own stdin, environment and captured output. */
public final class Cli {

    /** One run: exit code, stdout and stderr. */
    @SuppressWarnings("ArrayRecordComponent") // tests read rawOut; a Run is never compared or hashed
    public record Run(int exitCode, String out, String err, byte[] rawOut) {
        public Run(int exitCode, String out, String err) {
            this(exitCode, out, err, new byte[0]);
        }

        /** Stderr as one line without its line break; fails when there are several lines. */
        public String errLine() {
            String e = err.strip();
            if (e.contains("\n")) {
                throw new AssertionError("expected one line on stderr, got:\n" + err);
            }
            return e;
        }
    }

    private byte[] stdin = new byte[0];
    private final Map<String, String> env = new HashMap<>();

    public Cli stdin(String text) {
        return stdin(text.getBytes(StandardCharsets.UTF_8));
    }

    public Cli stdin(byte[] bytes) {
        this.stdin = bytes.clone();
        return this;
    }

    public Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** The command line with this stdin and environment, plain output, and raw bytes written to {@code raw}. */
    public CommandLine commandLine(ByteArrayOutputStream raw) {
        return Main.newCommandLine(new ByteArrayInputStream(stdin), env::get, Style.PLAIN, raw);
    }

    /** The command line as a process gets it: empty stdin, the process's environment, colour decided from stdout. */
    public static CommandLine withProcessEnvironment() {
        return Main.newCommandLine(new ByteArrayInputStream(new byte[0]), System::getenv, null, null);
    }

    public Run run(String... args) {
        // decrypt writes raw bytes, not text; what it writes is both rawOut and (as UTF-8) out.
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        CommandLine cmd = commandLine(raw);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Run(code, out.toString() + raw.toString(StandardCharsets.UTF_8), err.toString(), raw.toByteArray());
    }

    /** A run with no stdin and an empty environment. */
    public static Run signet(String... args) {
        return new Cli().run(args);
    }
}
