package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
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
        CommandLine cmd = Main.newCommandLine(new ByteArrayInputStream(new byte[0]));
        ((Main) cmd.getCommand()).style(Style.PLAIN);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        ServerCommand server = (ServerCommand) cmd.getSubcommands().get("server").getCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cmd.execute(
                "--crypto-provider", "jdk", "server", "--port", "0", "--data", data.toString()));
        Pattern ready = Pattern.compile("on (http://127\\.0\\.0\\.1:\\d+) \\([^)]*crypto ([^,]+),");
        Matcher m = ready.matcher("");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!m.reset(out.toString()).find()) {
            assertThat(exit).as("server exited early; stderr: %s", err).isNotDone();
            assertThat(System.nanoTime()).as("server did not report ready; stderr: %s", err).isLessThan(deadline);
            Thread.sleep(50);
        }
        try {
            assertThat(m.group(2)).as("the global --crypto-provider jdk reaches the server").doesNotContain("Corretto");
            HttpResponse<String> jwks = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(m.group(1) + "/tenants/default/jwks")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(jwks.statusCode()).isEqualTo(200);
            assertThat(jwks.body()).contains("\"keys\"");
            assertThat(out.toString()).contains("issuer  " + m.group(1) + "/tenants/default");
            assertThat(out.toString()).contains("manage it with: signet admin --server " + m.group(1)
                    + " --credential-file " + data.resolve("admin-credential") + " tenants list");
        } finally {
            server.stop.countDown();
        }
        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    }
}
