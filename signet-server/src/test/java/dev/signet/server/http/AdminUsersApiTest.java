package dev.signet.server.http;

import static dev.signet.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.TestDatabases;
import dev.signet.server.TestServer;
import dev.signet.server.identity.PasswordSignIn.Outcome;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The admin API's user routes, and the users the bootstrap section declares. */
class AdminUsersApiTest {

    @TempDir
    Path dir;

    TestServer server;
    String bearer;

    @BeforeEach
    void start() throws Exception {
        Path pw = dir.resolve("alice-password");
        Files.writeString(pw, "alice's long passphrase\n");
        server = TestServer.start("""
                tenants:
                  - name: default
                    users:
                      - username: alice
                        password-file: %s
                        email: alice@example.com
                        roles: [admin]
                """.formatted(pw), TestDatabases.sqlite().url(), dir);
        bearer = "Bearer " + Files.readString(dir.resolve("admin-credential")).strip();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String path, String json) {
        return server.postRaw(path, "application/json", json.getBytes(StandardCharsets.UTF_8), "Authorization", bearer);
    }

    private HttpResponse<String> get(String path) {
        return server.get(path, "Authorization", bearer);
    }

    private Outcome signIn(String username, String password) {
        return server.server()
                .identity()
                .users()
                .signIn("default", username, password, "192.0.2.1")
                .outcome();
    }

    @Test
    void createdUsersAreListedWithoutHashesOrSecrets() {
        HttpResponse<String> r = post(
                "/admin/tenants/default/users",
                "{\"username\":\"bob\",\"password\":\"bob's long passphrase\",\"name\":\"Bob\","
                        + "\"roles\":[\"support\"]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode bob = json(r);
        assertThat(bob.get("user_id").asString()).matches("[A-Za-z0-9_-]{22}");
        assertThat(bob.get("username").asString()).isEqualTo("bob");
        assertThat(bob.get("totp_enrolled").asBoolean()).isFalse();
        HttpResponse<String> list = get("/admin/tenants/default/users");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(json(list).get("users")).hasSize(2);
        assertThat(list.body()).contains("alice", "bob").doesNotContain("argon2", "passphrase", "hash");
        assertThat(get("/admin/tenants/default/users/" + bob.get("user_id").asString())
                        .body())
                .contains("\"username\":\"bob\"");
        assertThat(signIn("bob", "bob's long passphrase")).isEqualTo(Outcome.ACCEPTED);
        signIn("bob", "not bob's passphrase");
        assertThat(server.get("/metrics").body())
                .contains("signet_user_sign_ins_total{outcome=\"accepted\",tenant=\"default\"} 1.0")
                .contains("signet_user_sign_ins_total{outcome=\"refused\",tenant=\"default\"} 1.0");
        assertThat(post("/admin/tenants/default/users", "{\"username\":\"BOB\",\"password\":\"x long passphrase\"}")
                        .statusCode())
                .isEqualTo(409);
    }

    @Test
    void badRequestsNameTheRule() {
        HttpResponse<String> weak =
                post("/admin/tenants/default/users", "{\"username\":\"carol\",\"password\":\"short\"}");
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(weak.body()).contains("password").contains("at least 12 characters");
        assertThat(post("/admin/tenants/default/users", "{\"username\":\"carol\"}")
                        .body())
                .contains("password is required");
        assertThat(post(
                                "/admin/tenants/default/users",
                                "{\"username\":\"ca\\u0000rol\",\"password\":\"a long passphrase\"}")
                        .body())
                .contains("U+0000");
        assertThat(get("/admin/tenants/default/users/nobody").statusCode()).isEqualTo(404);
        assertThat(post("/admin/tenants/default/users/nobody/disable", "").statusCode())
                .isEqualTo(404);
        assertThat(server.get("/admin/tenants/default/users").statusCode())
                .as("no credential")
                .isEqualTo(401);
    }

    @Test
    void disableEnableUnlockResetPasswordAndResetMfa() {
        String alice = json(get("/admin/tenants/default/users"))
                .get("users")
                .get(0)
                .get("user_id")
                .asString();
        String base = "/admin/tenants/default/users/" + alice;
        assertThat(json(post(base + "/disable", "")).get("enabled").asBoolean()).isFalse();
        assertThat(signIn("alice", "alice's long passphrase")).isEqualTo(Outcome.REFUSED);
        assertThat(json(post(base + "/enable", "")).get("enabled").asBoolean()).isTrue();
        for (int i = 0; i < 10; i++) {
            server.server().identity().users().signIn("default", "alice", "wrong passphrase!", "10.0.0." + i);
            server.clock().advance(java.time.Duration.ofMinutes(1));
        }
        assertThat(get(base).body()).contains("locked_until");
        assertThat(json(post(base + "/unlock", "")).get("enabled").asBoolean()).isTrue();
        assertThat(get(base).body()).doesNotContain("locked_until");
        assertThat(signIn("alice", "alice's long passphrase")).isEqualTo(Outcome.ACCEPTED);

        HttpResponse<String> forced = post(base + "/reset-password", "");
        assertThat(forced.statusCode()).isEqualTo(200);
        assertThat(json(forced).get("password_change_required").asBoolean()).isTrue();
        assertThat(forced.body()).doesNotContain("reset_token");
        assertThat(signIn("alice", "alice's long passphrase")).isEqualTo(Outcome.PASSWORD_CHANGE_REQUIRED);

        assertThat(post(base + "/reset-password", "{\"password\":\"temporary passphrase\"}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(signIn("alice", "temporary passphrase")).isEqualTo(Outcome.PASSWORD_CHANGE_REQUIRED);

        JsonNode link = json(post(base + "/reset-password", "{\"link\":true}"));
        String token = link.get("reset_token").asString();
        assertThat(token).hasSize(43);
        assertThat(server.server().identity().users().resetWithLink("default", token, "alice's chosen passphrase"))
                .isPresent();
        assertThat(signIn("alice", "alice's chosen passphrase")).isEqualTo(Outcome.ACCEPTED);

        assertThat(json(post(base + "/reset-mfa", "")).get("totp_enrolled").asBoolean())
                .isFalse();
        assertThat(get("/admin/tenants/default/audit").body())
                .contains("user.disabled", "user.enabled", "user.unlocked", "user.password_reset", "user.mfa_reset")
                .doesNotContain(token);
    }
}
