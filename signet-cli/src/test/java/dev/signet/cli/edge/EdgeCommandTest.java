package dev.signet.cli.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code signet edge} as the command line runs it. */
class EdgeCommandTest {

    @TempDir
    Path dir;

    private Path config(String listen) throws Exception {
        return Files.writeString(dir.resolve("edge.yaml"), """
                listen: %s
                issuers:
                  - issuer: http://127.0.0.1:1/tenants/default
                    audiences: [orders-api]
                routes:
                  - match: { path: /public/** }
                    anonymous: true
                """.formatted(listen));
    }

    @Test
    void invalidConfigurationIsExit2NamingTheKey() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "listen: 127.0.0.1:9000\nissuers: []\nroutes: []\n");
        Cli.Run run = new Cli().run("edge", "--config", bad.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("signet edge: invalid configuration: issuers:");
        Cli.Run missing =
                new Cli().run("edge", "--config", dir.resolve("none.yaml").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("cannot read");
        assertThat(new Cli().run("edge").exitCode()).isEqualTo(2);
        assertThat(new Cli()
                        .run("edge", "--config", config("127.0.0.1:9000").toString(), "--port", "70000")
                        .exitCode())
                .isEqualTo(2);
    }

    @Test
    void portReplacesTheListenPortAndTheEdgeAnswersUntilStopped() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path cfg = config("127.0.0.1:1");
        CommandLine cmd = new Cli().commandLine(new ByteArrayOutputStream());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        EdgeCommand edge = (EdgeCommand) cmd.getSubcommands().get("edge").getCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> cmd.execute("edge", "--config", cfg.toString(), "--port", String.valueOf(port)));
        Matcher m = Pattern.compile("signet edge \\S+ on (http://127\\.0\\.0\\.1:(\\d+)) \\(1 issuers, 1 routes, ")
                .matcher("");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!m.reset(out.toString()).find()) {
            assertThat(exit).as("edge exited early; stderr: %s", err).isNotDone();
            assertThat(System.nanoTime()).as("no ready line; stderr: %s", err).isLessThan(deadline);
            Thread.sleep(50);
        }
        try {
            assertThat(Integer.parseInt(m.group(2))).isEqualTo(port);
            assertThat(out.toString().lines().count()).isEqualTo(1);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> anon = http.send(
                    HttpRequest.newBuilder(URI.create(m.group(1) + "/"))
                            .header("X-Forwarded-Method", "GET")
                            .header("X-Forwarded-Uri", "/public/a")
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anon.statusCode()).isEqualTo(200);
            HttpResponse<String> ready = http.send(
                    HttpRequest.newBuilder(URI.create(m.group(1) + "/readyz"))
                            .timeout(Duration.ofSeconds(20))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as("the issuer cannot be reached").isEqualTo(503);
        } finally {
            edge.stop.countDown();
        }
        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    }
}
