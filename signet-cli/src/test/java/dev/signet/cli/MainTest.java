package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.NoSuchFileException;
import java.security.Signature;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class MainTest {

    /** One in-process run of the command line: its exit code and what it wrote. */
    private record Run(int exitCode, String out, String err) {}

    private static Run run(CommandLine cmd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exitCode = cmd.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static Run run(String... args) {
        return run(Main.newCommandLine(), args);
    }

    @Test
    void versionPrintsSignetJavaAndProviders() throws Exception {
        Run run = run("version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        // Compiled classes carry no manifest, so the version falls back to "dev".
        assertThat(run.out())
                .contains("Signet  dev")
                .contains("Java    " + Runtime.version())
                .contains(System.getProperty("java.vendor"))
                .containsPattern("Signature +SHA256withECDSA +"
                        + Signature.getInstance("SHA256withECDSA").getProvider().getName())
                .containsPattern("Signature +Ed25519 +\\S+")
                .containsPattern("Mac +HmacSHA256 +\\S+");
    }

    @Test
    void algorithmMissingFromTheRuntimeIsReportedNotThrown() {
        Run run = run("version");

        // ML-DSA arrived in JDK 24: on 17 the line still prints, with "not available".
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).containsPattern("Signature +ML-DSA-65 +\\S+");
    }

    @Test
    void helpListsTheCommands() {
        Run run = run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: signet").contains("version").contains("--help");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void versionOptionPrintsOneLine() {
        Run run = run("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("signet dev" + System.lineSeparator());
    }

    @Test
    void unknownOptionIsAUsageErrorWithExitCode2() {
        Run run = run("--nonsense");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("Unknown option: '--nonsense'").contains("signet --help");
        assertThat(run.err()).doesNotContain("\tat ");
    }

    @Test
    void unknownCommandIsAUsageError() {
        Run run = run("nonsense");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("nonsense").doesNotContain("\tat ");
    }

    @Test
    void unexpectedArgumentToASubcommandIsAUsageError() {
        Run run = run("version", "extra");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("signet version --help");
    }

    @Test
    void noCommandIsAUsageError() {
        Run run = run();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required subcommand");
    }

    @Command(name = "read-missing")
    static final class ReadsMissingFile implements Callable<Integer> {
        @Override
        public Integer call() throws IOException {
            throw new NoSuchFileException("key.pem");
        }
    }

    @Test
    void ioFailureExitsWith2AndNoStackTrace() {
        Run run = run(Main.newCommandLine().addSubcommand(new ReadsMissingFile()), "read-missing");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("signet read-missing: no such file: key.pem" + System.lineSeparator());
    }
}
