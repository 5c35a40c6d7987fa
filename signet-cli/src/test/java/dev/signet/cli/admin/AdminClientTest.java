package dev.signet.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.signet.cli.Cli;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code signet admin} does with answers that are not the admin API's: redirects (never
 * followed, so the credential goes nowhere else), oversized bodies, server failures, strangers.
 */
class AdminClientTest {

    HttpServer http;
    String url;
    final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            requests.add(path + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body;
            int status;
            if (path.startsWith("/moved")) {
                exchange.getResponseHeaders().add("Location", "https://elsewhere.example/admin/tenants");
                status = 302;
                body = new byte[0];
            } else if (path.startsWith("/huge")) {
                status = 200;
                body = ("{\"tenants\":[],\"pad\":\"" + "x".repeat(AdminClient.MAX_BYTES) + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
            } else if (path.startsWith("/broken")) {
                status = 500;
                body = "{\"error\":\"server_error\",\"error_description\":\"the server could not answer; see its log\"}"
                        .getBytes(StandardCharsets.UTF_8);
            } else if (path.startsWith("/hostile")) {
                status = 400;
                body = "{\"error\":\"bad\\u001b[2J\",\"error_description\":\"line one\\nline two \\u001b[31mred\"}"
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                status = 404;
                body = "<html>Not Found</html>".getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
        url = "http://127.0.0.1:" + http.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    private Cli.Run tenants(String base) {
        return new Cli().env("SIGNET_ADMIN_TOKEN", "the-credential").run("admin", "--server", base, "tenants", "list");
    }

    @Test
    void redirectsAreNotFollowedSoTheCredentialGoesNowhereElse() {
        Cli.Run r = tenants(url + "/moved");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLine())
                .isEqualTo("signet admin tenants list: " + url + "/moved answered HTTP 302, redirecting"
                        + " to https://elsewhere.example/admin/tenants; the admin credential is never sent to"
                        + " another URL:"
                        + " pass the right one as --server if you trust it");
        assertThat(requests).containsExactly("/moved/admin/tenants Bearer the-credential");
    }

    @Test
    void anOversizedAnswerIsRefused() {
        Cli.Run r = tenants(url + "/huge");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLine())
                .endsWith("with over " + AdminClient.MAX_BYTES + " bytes; that is not an admin API answer");
    }

    @Test
    void aServerFailureIsExitTwoWithItsDescription() {
        Cli.Run r = tenants(url + "/broken");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLine())
                .isEqualTo("signet admin tenants list: the server failed (server_error): the server could"
                        + " not answer; see its log");
    }

    @Test
    void hostileErrorTextIsEscapedOnOneLine() {
        Cli.Run r = tenants(url + "/hostile");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLine()).isEqualTo("BAD2J: line one\\u000aline two \\u001b[31mred");
    }

    @Test
    void somethingElseAnsweringIsNotTakenForSignet() {
        Cli.Run r = tenants(url);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLine())
                .isEqualTo("signet admin tenants list: " + url + " answered GET /admin/tenants with"
                        + " HTTP 404 and no Signet error; is it a signet server?");
    }
}
