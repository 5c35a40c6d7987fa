package dev.signet.server;

import dev.signet.server.config.ConfigLoader;
import dev.signet.server.config.ServerConfig;
import dev.signet.server.config.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run for the server's class-data-sharing archive that {@code ./signet} builds next to
 * the jar ({@code signet-server.jsa}, or {@code signet-server.aot} on JDK 25+, used by
 * {@code signet server}): starts a server on a
 * temporary data folder and a free port, asks it what clients and operators ask (readiness, JWKS,
 * discovery, tokens for an ES256 and an RS256 tenant, metrics), and stops it, so the JVM can archive
 * the classes they load ({@code -XX:ArchiveClassesAtExit}). Not a command: the launcher runs it by name.
 *
 * <p>The requests go over a plain socket, not {@code java.net.http.HttpClient}: the archive keeps
 * every class the training loads, and the client's ≈ 550 classes (with TLS set-up and certificate
 * parsing) would sit in every server's memory without ever being used there (docs/server.md).
 */
public final class CdsTraining {

    private CdsTraining() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("signet-server-cds");
        try {
            String secret = Secrets.generate();
            Path yaml = dir.resolve("signet.yaml");
            Files.writeString(yaml, """
                    tenants:
                      - name: default
                        algorithm: ES256
                        clients:
                          - id: cds
                            secret-env: CDS_SECRET
                            scopes: [read]
                            audiences: [api]
                      - name: rsa
                        algorithm: RS256
                        clients:
                          - id: cds
                            secret-env: CDS_SECRET
                            scopes: [read]
                            audiences: [api]
                    """);
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("CDS_SECRET", secret);
            Map<Setting, String> options = new EnumMap<>(Setting.class);
            options.put(Setting.SERVER_PORT, "0");
            options.put(Setting.DATA_DIR, dir.resolve("data").toString());
            ServerConfig cfg = ConfigLoader.load(yaml, options, env);
            try (Server server = Server.start(cfg, env, Clock.systemUTC(), w -> {})) {
                URI base = URI.create(server.localUrl());
                String basic = "Basic "
                        + Base64.getEncoder().encodeToString(("cds:" + secret).getBytes(StandardCharsets.UTF_8));
                for (String path : new String[] {
                    "/readyz", "/healthz", "/tenants/default/jwks", "/tenants/default/.well-known/openid-configuration"
                }) {
                    expect200(base, "GET " + path + " HTTP/1.1\r\n\r\n");
                }
                String body = "grant_type=client_credentials&scope=read";
                for (String tenant : new String[] {"default", "rsa"}) {
                    for (int i = 0; i < 50; i++) {
                        expect200(
                                base,
                                "POST /tenants/" + tenant + "/token HTTP/1.1\r\nAuthorization: " + basic
                                        + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                                        + body.length() + "\r\n\r\n" + body);
                    }
                }
                expect200(base, "GET /metrics HTTP/1.1\r\n\r\n");
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Sends one HTTP/1.1 request (its request line and headers, ending in an empty line, then any
     * body; Host and Connection: close are added) and fails unless the answer's status is 200.
     */
    private static void expect200(URI base, String request) throws IOException {
        int lineEnd = request.indexOf("\r\n");
        String withHost = request.substring(0, lineEnd + 2) + "Host: " + base.getAuthority()
                + "\r\nConnection: close\r\n" + request.substring(lineEnd + 2);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(withHost.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            if (!answer.startsWith("HTTP/1.1 200 ")) {
                int end = answer.indexOf('\r');
                throw new IllegalStateException("training request '" + request.substring(0, lineEnd) + "' answered '"
                        + (end < 0 ? answer : answer.substring(0, end)) + "'");
            }
        }
    }
}
