package dev.signet.server;

import dev.signet.server.config.ConfigLoader;
import dev.signet.server.config.ServerConfig;
import dev.signet.server.config.Setting;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;

/**
 * The child JVM of {@link CrashSafetyTest}: a server on the store its arguments name, and load from
 * inside the same process until it is killed. Each write answered 200 or 201 is printed to stdout as
 * one line once its answer has arrived: {@code opaque TOKEN}, {@code client ID}, {@code disabled ID},
 * {@code revoked KID JWT} (a token the key signed before its revocation). The first line is
 * {@code ready URL}.
 *
 * <p>Arguments: the data directory, and {@code embedded} for the embedded default store or a
 * {@code jdbc:postgresql:} URL. Also holds the HTTP calls the test checks with, so both sides ask the
 * same questions.
 */
public final class CrashChild {

    static final String OPAQUE = "crash-opaque";
    static final String JWT = "crash-jwt";
    static final String EMBEDDED = "embedded";
    private static final String SECRET = "crash-secret-0123456789abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String YAML = """
            tenants:
              - name: default
                algorithm: ES256
                access-token-lifetime: 1h
                clients:
                  - id: crash-opaque
                    secret-env: CRASH_SECRET
                    scopes: [crash.read]
                    audiences: [crash-api]
                    token-format: opaque
                  - id: crash-jwt
                    secret-env: CRASH_SECRET
                    scopes: [crash.read]
                    audiences: [crash-api]
            """;

    private static final FileOutputStream STDOUT = new FileOutputStream(FileDescriptor.out);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;
    private final String adminCredential;

    CrashChild(String base, Path dataDir) {
        this.base = base;
        try {
            this.adminCredential =
                    Files.readString(dataDir.resolve("admin-credential")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        Server server = start(dataDir, args[1]);
        CrashChild client = new CrashChild(server.localUrl(), dataDir);
        emit("ready " + server.localUrl());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            threads.add(loop(() -> {
                HttpResponse<String> r = client.token(OPAQUE);
                if (r.statusCode() == 200) {
                    emit("opaque " + accessToken(r));
                }
            }));
        }
        ConcurrentLinkedQueue<String> enabled = new ConcurrentLinkedQueue<>();
        threads.add(loop(() -> {
            String disable = ThreadLocalRandom.current().nextBoolean() ? enabled.poll() : null;
            if (disable != null) {
                if (client.admin("POST", "/admin/tenants/default/clients/" + disable + "/disable", null)
                                .statusCode()
                        == 200) {
                    emit("disabled " + disable);
                }
                return;
            }
            String id = "crash-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
            if (client.admin(
                                    "POST",
                                    "/admin/tenants/default/clients",
                                    "{\"id\":\"" + id + "\",\"scopes\":[\"crash.read\"],\"audiences\":[\"crash-api\"]}")
                            .statusCode()
                    == 201) {
                emit("client " + id);
                enabled.add(id);
            }
        }));
        threads.add(loop(() -> {
            HttpResponse<String> t = client.token(JWT);
            if (t.statusCode() == 200) {
                String jwt = accessToken(t);
                String kid = kid(jwt);
                if (client.admin("POST", "/admin/tenants/default/keys/" + kid + "/revoke", "")
                                .statusCode()
                        == 200) {
                    emit("revoked " + kid + " " + jwt);
                }
            }
            Thread.sleep(50);
        }));
        for (Thread t : threads) {
            t.join(); // until the test kills this process
        }
    }

    /** Starts a server on port 0 with the crash test's tenant, on the embedded default or the given URL. */
    static Server start(Path dataDir, String db) {
        try {
            Files.createDirectories(dataDir);
            Path file = dataDir.resolve("signet.yaml");
            Files.writeString(file, YAML);
            Map<Setting, String> opts = new EnumMap<>(Setting.class);
            opts.put(Setting.SERVER_PORT, "0");
            opts.put(Setting.DATA_DIR, dataDir.toString());
            if (!db.equals(EMBEDDED)) {
                opts.put(Setting.DATABASE_URL, db);
            }
            Map<String, String> env = Map.of("CRASH_SECRET", SECRET);
            ServerConfig cfg = ConfigLoader.load(file, opts, env);
            return Server.start(cfg, env, Clock.systemUTC(), w -> {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Step {
        void run() throws InterruptedException;
    }

    private static Thread loop(Step step) {
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    step.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        return t;
    }

    /** One write(2) per line (a pipe takes up to 4 KiB at once), so a kill never leaves half a line. */
    private static synchronized void emit(String line) {
        try {
            STDOUT.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<String> token(String clientId) throws InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + "/tenants/default/token"))
                .header("Authorization", basic(clientId))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build());
    }

    /** Whether introspection (by the opaque client) calls {@code token} active. */
    boolean active(String token) throws InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/tenants/default/introspect"))
                .header("Authorization", basic(OPAQUE))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                .build());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("introspection answered " + r.statusCode() + ": " + r.body());
        }
        return TestServer.JSON.readTree(r.body()).get("active").asBoolean();
    }

    HttpResponse<String> admin(String method, String path, String json) throws InterruptedException {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + adminCredential);
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return send(b.build());
    }

    JsonNode get(String path) throws InterruptedException {
        return TestServer.JSON.readTree(
                send(HttpRequest.newBuilder(URI.create(base + path)).GET().build())
                        .body());
    }

    static String accessToken(HttpResponse<String> tokenResponse) {
        return TestServer.JSON
                .readTree(tokenResponse.body())
                .get("access_token")
                .asString();
    }

    /** The {@code kid} of a compact JWS's header. */
    static String kid(String jwt) {
        String header =
                new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))), StandardCharsets.UTF_8);
        return TestServer.JSON.readTree(header).get("kid").asString();
    }

    private HttpResponse<String> send(HttpRequest request) throws InterruptedException {
        try {
            return http.send(
                    HttpRequest.newBuilder(request, (name, value) -> true)
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String basic(String clientId) {
        return "Basic "
                + Base64.getEncoder().encodeToString((clientId + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
    }
}
