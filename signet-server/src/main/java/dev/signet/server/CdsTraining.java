package dev.signet.server;

import dev.signet.server.config.ConfigLoader;
import dev.signet.server.config.ServerConfig;
import dev.signet.server.config.Setting;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * the jar ({@code signet-server.jsa}, used by {@code signet server}): starts a server on a
 * temporary H2 folder and a free port, asks it what clients and operators ask (readiness, JWKS,
 * discovery, tokens for an ES256 and an RS256 tenant, metrics), and stops it, so the JVM can archive
 * the classes they load ({@code -XX:ArchiveClassesAtExit}). Not a command: the launcher runs it by name.
 */
public final class CdsTraining {

    private CdsTraining() {
    }

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
            try (Server server = Server.start(cfg, env, Clock.systemUTC(), w -> { })) {
                HttpClient http = HttpClient.newHttpClient();
                String base = server.localUrl();
                String basic = "Basic " + Base64.getEncoder().encodeToString(("cds:" + secret)
                        .getBytes(StandardCharsets.UTF_8));
                for (String path : new String[] {"/readyz", "/healthz", "/tenants/default/jwks",
                        "/tenants/default/.well-known/openid-configuration"}) {
                    http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
                }
                for (String tenant : new String[] {"default", "rsa"}) {
                    for (int i = 0; i < 50; i++) {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/tenants/" + tenant
                                        + "/token"))
                                .header("Authorization", basic)
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=read"))
                                .build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException("training token request answered " + r.statusCode());
                        }
                    }
                }
                http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
