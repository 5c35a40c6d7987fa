package dev.signet.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code signet server} as the command line runs it: options, the global crypto-provider option, start and stop. */
class ServerCommandTest {

    @TempDir
    Path data;

    @Test
    void virtualThreadsGetTwoCarriersPerProcessorUnlessTheUserChoseANumber() {
        assertThat(ServerCommand.carrierThreads(null, 2)).isEqualTo("4");
        assertThat(ServerCommand.carrierThreads(" ", 8)).isEqualTo("16");
        assertThat(ServerCommand.carrierThreads("3", 2)).isEqualTo("3");
    }

    @Test
    void badCryptoProviderIsAUsageError() {
        Cli.Run run = new Cli().run("server", "--crypto-provider", "bouncy", "--data", data.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--crypto-provider").contains("auto, accp or jdk");
    }

    @Test
    void invalidPortStopsStartUpNamingTheSetting() {
        Cli.Run run = new Cli().run("server", "--port", "99999", "--data", data.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("invalid configuration").contains("port");
    }

    @Test
    void startsWithTheGlobalCryptoProviderServesItsIssuerAndStops() throws Exception {
        CommandLine cmd = new Cli().commandLine(new ByteArrayOutputStream());
        StringWriter out = new StringWriter();
        Started started =
                start(cmd, out, "--crypto-provider", "jdk", "server", "--port", "0", "--data", data.toString());
        Matcher m = started.ready();
        ServerCommand server = started.server();
        CompletableFuture<Integer> exit = started.exit();
        try {
            assertThat(m.group(2))
                    .as("the global --crypto-provider jdk reaches the server")
                    .doesNotContain("Corretto");
            HttpResponse<String> jwks = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(m.group(1) + "/tenants/default/jwks"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(jwks.statusCode()).isEqualTo(200);
            assertThat(jwks.body()).contains("\"keys\"");
            assertThat(out.toString()).contains("issuer  " + m.group(1) + "/tenants/default");
            assertThat(out.toString())
                    .contains("manage it with: signet admin --server " + m.group(1) + " --credential-file "
                            + data.resolve("admin-credential") + " tenants list");
        } finally {
            server.stop.countDown();
        }
        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    }

    /** What a root prints and returns for {@code args}. */
    private static String[] runWith(CommandLine cmd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void theServerOnlyRootParsesLikeTheFullOne() {
        assertThat(ServerRoot.handles(new String[] {"server", "--port", "1"})).isTrue();
        assertThat(ServerRoot.handles(new String[] {"--crypto-provider", "jdk", "server"}))
                .isFalse();
        assertThat(ServerRoot.handles(new String[] {"verify"})).isFalse();
        assertThat(ServerRoot.handles(new String[0])).isFalse();
        for (String[] args : new String[][] {
            {"server", "--help"},
            {"server", "--crypto-provider", "bouncy", "--data", data.toString()},
            {"server", "--port", "99999", "--data", data.toString()},
            {"server", "--no-such-option"},
            {"server", "stray"}
        }) {
            String[] full = runWith(Cli.withProcessEnvironment(), args);
            String[] lean = runWith(ServerRoot.newCommandLine(), args);
            assertThat(lean).as(String.join(" ", args)).containsExactly(full);
        }
    }

    @Test
    void theServerOnlyRootHasMainsGlobalOptions() {
        CommandLine full = Cli.withProcessEnvironment();
        CommandLine lean = ServerRoot.newCommandLine();
        assertThat(lean.getCommandSpec().options().stream().map(o -> o.longestName() + " " + o.description()[0]))
                .containsExactlyInAnyOrderElementsOf(full.getCommandSpec().options().stream()
                        .map(o -> o.longestName() + " " + o.description()[0])
                        .toList());
        assertThat(lean.getSubcommands()).containsOnlyKeys("server");
    }

    @Test
    void theServerOnlyRootPassesTheCryptoProviderToTheServer() throws Exception {
        Started started = start(
                ServerRoot.newCommandLine(),
                new StringWriter(),
                "server",
                "--crypto-provider",
                "jdk",
                "--port",
                "0",
                "--data",
                data.toString());
        try {
            assertThat(started.ready().group(2)).startsWith("JDK");
        } finally {
            started.server().stop.countDown();
        }
        assertThat(started.exit().get(30, TimeUnit.SECONDS)).isZero();
    }

    /** Every field picocli would set on the server command for {@code args}, for comparison. */
    private static String fields(ServerCommand c) {
        return c.config + "|" + c.port + "|" + c.data + "|" + c.dbUrl + "|" + c.baseUrl + "|"
                + (c.root == null ? null : c.root.cryptoProvider() + "|" + c.root.debug());
    }

    @Test
    void aPlainServerInvocationIsReadWithoutPicocliExactlyAsPicocliReadsIt() {
        for (String[] args : new String[][] {
            {"server"},
            {"server", "--port", "0", "--data", "/tmp/d"},
            {"server", "--port=0", "--data=/tmp/d", "--config", "cfg.yaml"},
            {"server", "--db-url", "jdbc:postgresql://h/db?user=a&password=b", "--base-url", "https://as.example"},
            {"server", "--crypto-provider", "jdk", "--debug", "--port", "8081"},
            {"server", "--crypto-provider=ACCP"}
        }) {
            ServerCommand direct = ServerRoot.direct(args);
            assertThat(direct).as(String.join(" ", args)).isNotNull();
            CommandLine cmd = ServerRoot.newCommandLine();
            cmd.parseArgs(args);
            ServerCommand parsed =
                    (ServerCommand) cmd.getSubcommands().get("server").getCommand();
            assertThat(fields(direct)).as(String.join(" ", args)).isEqualTo(fields(parsed));
        }
    }

    @Test
    void anythingButAPlainServerInvocationIsLeftToPicocli() {
        for (String[] args : new String[][] {
            {"server", "--help"},
            {"server", "-h"},
            {"server", "--version"},
            {"server", "--port"},
            {"server", "--port", "1", "--port", "2"},
            {"server", "--port="},
            {"server", "--port", "--data"},
            {"server", "--debug", "--debug"},
            {"server", "--crypto-provider", "bouncy"},
            {"server", "--no-such-option", "x"},
            {"server", "stray"},
            {"server", "--", "--port", "1"},
            {"verify", "--port", "1"},
            {"--crypto-provider", "jdk", "server"}
        }) {
            assertThat(ServerRoot.direct(args)).as(String.join(" ", args)).isNull();
        }
    }

    /** A server started through a command line: its ready line (group 1 the URL, 2 the crypto provider). */
    private record Started(ServerCommand server, CompletableFuture<Integer> exit, Matcher ready) {}

    /**
     * Runs {@code args} on {@code cmd} in the background and waits (60 s at most) for the ready line on {@code out}.
     */
    private static Started start(CommandLine cmd, StringWriter out, String... args) throws InterruptedException {
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        ServerCommand server =
                (ServerCommand) cmd.getSubcommands().get("server").getCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cmd.execute(args));
        Matcher m = Pattern.compile("on (http://127\\.0\\.0\\.1:\\d+) \\([^)]*crypto ([^,]+),")
                .matcher("");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!m.reset(out.toString()).find()) {
            assertThat(exit).as("server exited early; stderr: %s", err).isNotDone();
            assertThat(System.nanoTime())
                    .as("server did not report ready; stderr: %s", err)
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
        return new Started(server, exit, m);
    }
}
