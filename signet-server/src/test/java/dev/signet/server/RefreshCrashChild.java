package dev.signet.server;

import dev.signet.jose.Base64Url;
import dev.signet.server.config.ConfigLoader;
import dev.signet.server.config.ServerConfig;
import dev.signet.server.config.Setting;
import dev.signet.server.identity.UserAccount;
import dev.signet.server.identity.UserDirectory;
import dev.signet.server.oauth.AuthorizationCodes;
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
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The child JVM of {@link RefreshCrashTest}: a server with one user and a public client whose
 * refresh tokens have a grace period, and a refresh storm from inside the process until it is
 * killed. Each answered sign-in prints {@code family TOKEN}; each answered rotation (three
 * concurrent refreshes of one token, which must all get the same successor) prints
 * {@code rotated OLD NEW}. The first line is {@code ready URL}.
 *
 * <p>Arguments: the data directory, and {@code embedded} or a {@code jdbc:postgresql:} URL.
 */
public final class RefreshCrashChild {

    static final String EMBEDDED = "embedded";
    static final String CLIENT = "crash-app";
    static final String REDIRECT = "http://127.0.0.1:5173/callback";
    static final String USER = "crash-user";
    private static final String YAML = """
            tenants:
              - name: default
                algorithm: ES256
                clients:
                  - id: crash-app
                    type: public
                    grants: [authorization_code, refresh_token]
                    redirect-uris: [http://127.0.0.1:5173/callback]
                    scopes: [openid, crash.read]
                    audiences: [crash-api]
                    refresh-reuse-grace: 60s
            """;

    /** The one user: always there, always enabled. */
    static final UserDirectory USERS = (tenant, userId) -> userId.equals(USER)
            ? Optional.of(new UserAccount(tenant, USER, "crash", null, false, null, List.of(), true, false, false))
            : Optional.empty();

    private static final FileOutputStream STDOUT = new FileOutputStream(FileDescriptor.out);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;

    RefreshCrashChild(String base) {
        this.base = base;
    }

    public static void main(String[] args) throws Exception {
        Server server = start(Path.of(args[0]), args[1]);
        RefreshCrashChild client = new RefreshCrashChild(server.localUrl());
        emit("ready " + server.localUrl());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        String token = client.signIn(server);
                        if (token == null) {
                            continue;
                        }
                        emit("family " + token);
                        for (int step = 0; step < 25 && token != null; step++) {
                            String next = client.rotateThreeAtOnce(token);
                            if (next != null) {
                                emit("rotated " + token + " " + next);
                            }
                            token = next;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join(); // until the test kills this process
        }
    }

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
            ServerConfig cfg = ConfigLoader.load(file, opts, Map.of());
            return Server.start(cfg, Map.of(), Clock.systemUTC(), w -> {}, d -> USERS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sign-in as the sign-in pages make it, and its code redeemed: the first refresh token, or null. */
    String signIn(Server server) throws InterruptedException {
        String verifier = Secrets.generate() + Secrets.generate();
        String code = server.authorizationCodes()
                .issue(new AuthorizationCodes.Grant(
                        "default",
                        CLIENT,
                        USER,
                        "sid-" + Secrets.randomId(),
                        REDIRECT,
                        s256(verifier),
                        List.of("openid", "crash.read"),
                        null,
                        java.time.Instant.now(),
                        "urn:signet:acr:pwd",
                        List.of("pwd")));
        HttpResponse<String> r = token("grant_type=authorization_code&code=" + enc(code) + "&redirect_uri="
                + enc(REDIRECT) + "&code_verifier=" + verifier);
        return r.statusCode() == 200 ? refreshToken(r) : null;
    }

    /** Three refreshes of {@code token} at once: the successor they all got, or null when any was refused. */
    String rotateThreeAtOnce(String token) {
        List<CompletableFuture<HttpResponse<String>>> fs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            fs.add(http.sendAsync(refreshRequest(token), HttpResponse.BodyHandlers.ofString()));
        }
        String successor = null;
        for (CompletableFuture<HttpResponse<String>> f : fs) {
            HttpResponse<String> r;
            try {
                r = f.join();
            } catch (RuntimeException e) {
                return null;
            }
            if (r.statusCode() != 200) {
                return null;
            }
            String s = refreshToken(r);
            if (successor != null && !successor.equals(s)) {
                throw new IllegalStateException("one token, two successors: " + successor + " " + s);
            }
            successor = s;
        }
        return successor;
    }

    HttpResponse<String> refresh(String token) throws InterruptedException {
        return send(refreshRequest(token));
    }

    private HttpRequest refreshRequest(String token) {
        return form("grant_type=refresh_token&refresh_token=" + enc(token) + "&client_id=" + CLIENT);
    }

    private HttpResponse<String> token(String body) throws InterruptedException {
        return send(form(body + "&client_id=" + CLIENT));
    }

    private HttpRequest form(String body) {
        return HttpRequest.newBuilder(URI.create(base + "/tenants/default/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    static String refreshToken(HttpResponse<String> r) {
        return TestServer.JSON.readTree(r.body()).get("refresh_token").asString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String s256(String v) {
        try {
            return Base64Url.encode(MessageDigest.getInstance("SHA-256").digest(v.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One write(2) per line, so a kill never leaves half a line. */
    private static synchronized void emit(String line) {
        try {
            STDOUT.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
