package dev.signet.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.client.ClientSpec;
import dev.signet.server.store.ClientRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The bootstrap settings of clients people sign in to: type, redirect URIs, MFA, refresh lifetimes, claims. */
class ClientFlowConfigTest {

    @TempDir
    Path dir;

    private ClientSpec load(String client) throws IOException {
        Path f = dir.resolve("signet.yaml");
        Files.writeString(f, "tenants:\n  - name: default\n    clients:\n      - id: web-app\n" + client.indent(8));
        return ConfigLoader.load(f, new EnumMap<>(Setting.class), Map.of("S", "s".repeat(43)))
                .tenants()
                .get(0)
                .clients()
                .get(0);
    }

    @Test
    void theDocumentedPublicClientLoads() throws IOException {
        ClientSpec c = load("""
                type: public                        # public (no secret; PKCE only) or confidential (default)
                grants: [authorization_code, refresh_token]
                redirect-uris: [http://127.0.0.1:5173/callback]
                post-logout-redirect-uris: [http://127.0.0.1:5173/]
                scopes: [openid, profile, email, offline_access, orders.read]
                audiences: [orders-api]
                require-mfa: false                  # optional: every sign-in to this client needs MFA
                """);
        assertThat(c.type()).isEqualTo(ClientRecord.PUBLIC);
        assertThat(c.authMethod()).isEqualTo("none");
        assertThat(c.secret()).isNull();
        assertThat(c.redirectUris()).containsExactly("http://127.0.0.1:5173/callback");
        assertThat(c.postLogoutRedirectUris()).containsExactly("http://127.0.0.1:5173/");
        assertThat(c.requireMfa()).isFalse();
        assertThat(c.refresh()).isEqualTo(ClientRecord.RefreshLifetimes.DEFAULT);
        assertThat(c.refresh().idle()).isEqualTo(Duration.ofDays(14));
        assertThat(c.refresh().absolute()).isEqualTo(Duration.ofDays(90));
        assertThat(c.refresh().reuseGrace()).isZero();
        assertThat(c.claims()).isEmpty();
    }

    @Test
    void aConfidentialClientWithEverySetting() throws IOException {
        ClientSpec c = load("""
                secret-env: S
                grants: [authorization_code, refresh_token]
                redirect-uris: [https://app.example.com/cb, https://app.example.com/cb2]
                audiences: [orders-api]
                require-mfa: true
                refresh-idle: 1d
                refresh-absolute: 30d
                refresh-reuse-grace: 5s
                claims: [org_id, roles]
                """);
        assertThat(c.type()).isEqualTo(ClientRecord.CONFIDENTIAL);
        assertThat(c.authMethod()).isEqualTo("client_secret_basic");
        assertThat(c.requireMfa()).isTrue();
        assertThat(c.refresh())
                .isEqualTo(new ClientRecord.RefreshLifetimes(
                        Duration.ofDays(1), Duration.ofDays(30), Duration.ofSeconds(5)));
        assertThat(c.claims()).containsExactly("org_id", "roles");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "secret-env: S | tenants[0].clients[0].secret-env | no secret",
                "auth-method: client_secret_post | tenants[0].clients[0].auth-method | no secret",
                "grants: [client_credentials] | tenants[0].clients[0].grants | cannot use client_credentials",
                "grants: [refresh_token] | tenants[0].clients[0].grants | refresh_token needs authorization_code",
                "redirect-uris: [] | tenants[0].clients[0].redirect-uris | at least one redirect URI",
                "claims: [email] | tenants[0].clients[0].claims | allowed values: org_id, roles",
                "refresh-reuse-grace: 2m | tenants[0].clients[0].refresh-reuse-grace | up to 60s",
                "refresh-idle: 100d | tenants[0].clients[0].refresh-idle | up to refresh-absolute",
                "require-mfa: sometimes | tenants[0].clients[0].require-mfa | true or false",
                "type: secret | tenants[0].clients[0].type | confidential, public",
            })
    void aPublicClientsMistakesNameTheirField(String setting, String field, String message) {
        String yaml = setting + "\n" + (setting.startsWith("grants") ? "" : "grants: [authorization_code]\n")
                + (setting.startsWith("redirect-uris") ? "" : "redirect-uris: [https://app.example.com/cb]\n")
                + (setting.startsWith("type") ? "type: secret\n" : "type: public\n") + "audiences: [x]\n";
        String clean = setting.startsWith("type") ? yaml.replaceFirst("type: secret\n", "") : yaml;
        assertThatThrownBy(() -> load(clean))
                .hasMessageStartingWith(field + ": ")
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://app.example.com/cb", // http off loopback
                "https://app.example.com/cb#x", // fragment
                "https://user@app.example.com/cb", // user info
                "/cb", // relative
                "myapp:/cb", // not https
                "https://app.example.com/a b", // space
            })
    void redirectUrisMustBeAbsoluteHttpsWithoutFragmentOrUserInfo(String uri) {
        assertThatThrownBy(() -> load(
                        "type: public\ngrants: [authorization_code]\nredirect-uris: ['" + uri + "']\naudiences: [x]\n"))
                .hasMessageStartingWith("tenants[0].clients[0].redirect-uris: ");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:5173/callback",
                "http://[::1]:80/cb",
                "http://localhost/cb",
                "https://app.example.com/cb?x=1"
            })
    void loopbackHttpAndHttpsRedirectUrisAreKeptExactly(String uri) throws IOException {
        assertThat(load("type: public\ngrants: [authorization_code]\nredirect-uris: ['" + uri + "']\naudiences: [x]\n")
                        .redirectUris())
                .isEqualTo(List.of(uri));
    }
}
