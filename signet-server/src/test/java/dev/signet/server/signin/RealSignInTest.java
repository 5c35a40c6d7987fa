package dev.signet.server.signin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.MutableClock;
import dev.signet.server.Server;
import dev.signet.server.TestDatabases;
import dev.signet.server.config.ConfigLoader;
import dev.signet.server.config.ServerConfig;
import dev.signet.server.config.Setting;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The sign-in pages over the server's own clients, users, codes and tokens: a code redeemed at the token endpoint. */
class RealSignInTest {

    @TempDir
    Path dir;

    @Test
    void bootstrapUserSignsInAndTheCodeBuysTokens() throws Exception {
        String yaml = """
                tenants:
                  - name: default
                    clients:
                      - id: web-app
                        type: public
                        grants: [authorization_code, refresh_token]
                        redirect-uris: [https://app.example/callback]
                        post-logout-redirect-uris: [https://app.example/]
                        scopes: [openid, profile, orders.read]
                        audiences: [orders-api]
                    users:
                      - username: alice
                        password-env: ALICE_PASSWORD
                        email: alice@example.com
                        name: Alice Example
                """;
        Path file = dir.resolve("signet.yaml");
        Files.writeString(file, yaml);
        Map<Setting, String> opts = new EnumMap<>(Setting.class);
        opts.put(Setting.SERVER_PORT, "0");
        opts.put(Setting.DATA_DIR, dir.toString());
        opts.put(Setting.DATABASE_URL, TestDatabases.sqlite().url());
        Map<String, String> env = Map.of("ALICE_PASSWORD", SignInServer.ALICE_PASSWORD);
        ServerConfig cfg = ConfigLoader.load(file, opts, env);
        try (Server server = Server.start(cfg, env, MutableClock.startingNow(), w -> {})) {
            TestBrowser b = new TestBrowser(server.localUrl());
            assertThat(b.get(SignInEndpointsTest.authorize()).statusCode()).isEqualTo(200);
            assertThat(b.submit("username", "alice", "password", "wrong password here")
                            .body())
                    .contains("The username or password is not correct.");
            b.submit("username", "alice", "password", SignInServer.ALICE_PASSWORD);
            HttpResponse<String> back = b.submit("decision", "allow");
            assertThat(back.statusCode()).as(back.body()).isEqualTo(303);
            Map<String, String> q = TestBrowser.query(back);
            assertThat(q).containsEntry("iss", server.issuer("default"));
            HttpResponse<String> token = b.post(
                    "/tenants/default/token",
                    List.of(
                            "grant_type",
                            "authorization_code",
                            "code",
                            q.get("code"),
                            "redirect_uri",
                            SignInEndpointsTest.CALLBACK,
                            "client_id",
                            "web-app",
                            "code_verifier",
                            SignInServer.VERIFIER));
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
            JsonNode json = JsonMapper.builder().build().readTree(token.body());
            assertThat(json.has("id_token")).isTrue();
            assertThat(json.has("refresh_token")).isTrue();
            // Ending the user's sessions (as a credential change does) signs the browser out.
            assertThat(server.signInSessions().endSessionsOf("default", findUser(server), "test"))
                    .isEqualTo(1);
            assertThat(TestBrowser.query(b.get(SignInEndpointsTest.authorize("prompt", "none"))))
                    .containsEntry("error", "login_required");
        }
    }

    private static String findUser(Server server) {
        return server.identity()
                .users()
                .findByUsername("default", "alice")
                .orElseThrow()
                .userId();
    }
}
