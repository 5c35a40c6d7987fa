package dev.signet.server.signin;

import dev.signet.jose.JwtClaims;
import dev.signet.server.MutableClock;
import dev.signet.server.Server;
import dev.signet.server.TestDatabases;
import dev.signet.server.config.ConfigLoader;
import dev.signet.server.config.ServerConfig;
import dev.signet.server.config.Setting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A real server (tenant {@code default}, its real keys and stores) whose sign-in ports are the
 * in-memory {@link FakeIdentity}: users alice (password only) and bob (TOTP enrolled), client
 * {@code web-app} with the redirect URIs given.
 */
final class SignInServer implements AutoCloseable {

    static final String ALICE_PASSWORD = "correct horse battery staple";
    static final String BOB_PASSWORD = "bob's long password 1";
    static final String VERIFIER = "dBjftJeZ4CVP-mJ92K1aWqM2yyx9Y4zzz6tL3ZqgFPVa3dN0zz-verifier";
    static final String CHALLENGE = challenge(VERIFIER);

    final Server server;
    final FakeIdentity identity;
    final MutableClock clock;
    final FakeIdentity.User alice;
    final FakeIdentity.User bob;

    private SignInServer(Server server, FakeIdentity identity, MutableClock clock) {
        this.server = server;
        this.identity = identity;
        this.clock = clock;
        this.alice = identity.add("alice", ALICE_PASSWORD);
        this.bob = identity.add("bob", BOB_PASSWORD);
        bob.totpSecret = Totp.newSecret();
    }

    static SignInServer start(Path dataDir, List<String> redirectUris, List<String> postLogoutUris) {
        try {
            Files.createDirectories(dataDir);
            Path file = dataDir.resolve("signet.yaml");
            Files.writeString(file, "tenants:\n  - name: default\n");
            Map<Setting, String> opts = new EnumMap<>(Setting.class);
            opts.put(Setting.SERVER_PORT, "0");
            opts.put(Setting.DATA_DIR, dataDir.toString());
            opts.put(Setting.DATABASE_URL, TestDatabases.sqlite().url());
            ServerConfig cfg = ConfigLoader.load(file, opts, Map.of());
            MutableClock clock = MutableClock.startingNow();
            FakeIdentity identity = new FakeIdentity(clock);
            identity.add(client("web-app", redirectUris, postLogoutUris, false));
            identity.add(client("strict-app", redirectUris, postLogoutUris, true));
            return new SignInServer(
                    Server.start(cfg, Map.of(), clock, w -> {}, null, identity.ports()), identity, clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SignInClients.Client client(String id, List<String> redirectUris, List<String> postLogout, boolean mfa) {
        return new SignInClients.Client(
                id, true, redirectUris, postLogout, List.of("openid", "profile", "orders.read"), mfa, true, true);
    }

    String base() {
        return server.localUrl();
    }

    String issuer() {
        return server.issuer("default");
    }

    /** An ID token for {@code clientId} and session {@code sid}, signed by the tenant's key. */
    String idToken(String clientId, String sid, String issuer) {
        return server.keys()
                .sign(
                        "default",
                        JwtClaims.builder()
                                .issuer(issuer)
                                .subject("someone")
                                .audience(clientId)
                                .issuedAt(clock.instant())
                                .expiresAt(clock.instant().plus(Duration.ofMinutes(5)))
                                .claim("sid", sid)
                                .build());
    }

    static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
