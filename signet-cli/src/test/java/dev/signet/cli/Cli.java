package dev.signet.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** Runs the signet command line in-process, with its own stdin, environment and captured output. */
final class Cli {

    /** One run: exit code, stdout and stderr. */
    record Run(int exitCode, String out, String err, byte[] rawOut) {
        Run(int exitCode, String out, String err) {
            this(exitCode, out, err, new byte[0]);
        }

        /** Stderr as one line without its line break; fails when there are several lines. */
        String errLine() {
            String e = err.strip();
            if (e.contains("\n")) {
                throw new AssertionError("expected one line on stderr, got:\n" + err);
            }
            return e;
        }
    }

    private byte[] stdin = new byte[0];
    private final Map<String, String> env = new HashMap<>();

    Cli stdin(String text) {
        return stdin(text.getBytes(StandardCharsets.UTF_8));
    }

    Cli stdin(byte[] bytes) {
        this.stdin = bytes.clone();
        return this;
    }

    Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Run run(String... args) {
        CommandLine cmd = Main.newCommandLine(new ByteArrayInputStream(stdin));
        ((Main) cmd.getCommand()).style(Style.PLAIN).environment(env::get);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        // decrypt writes raw bytes, not text; what it writes is both rawOut and (as UTF-8) out.
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        ((DecryptCommand) cmd.getSubcommands().get("decrypt").getCommand()).binaryOut = raw;
        int code = cmd.execute(args);
        return new Run(code, out.toString() + raw.toString(StandardCharsets.UTF_8), err.toString(), raw.toByteArray());
    }

    /** A run with no stdin and an empty environment. */
    static Run signet(String... args) {
        return new Cli().run(args);
    }
}
