package dev.signet.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.admin.TenantBootstrap;
import dev.signet.server.config.ConfigException;
import dev.signet.server.config.ConfigLoader;
import dev.signet.server.config.ServerConfig;
import dev.signet.server.config.Setting;
import dev.signet.server.identity.PasswordSignIn.Outcome;
import dev.signet.server.store.ClientStore;
import dev.signet.server.store.TenantStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The bootstrap's {@code users:} and {@code require-mfa}: read strictly, applied idempotently. */
class UserBootstrapTest {

    private static final String BOB_TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    @TempDir
    Path dir;

    private IdentityFixture f;
    private final Map<String, String> env = new HashMap<>(Map.of(
            "ALICE_PASSWORD",
            "alice's long passphrase",
            "BOB_PASSWORD",
            "bob's long passphrase",
            "BOB_TOTP",
            BOB_TOTP));

    static List<String> databases() {
        return IdentityFixture.databases();
    }

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    private ServerConfig load(String yaml) throws IOException {
        Path file = dir.resolve("signet.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file, new EnumMap<>(Setting.class), env);
    }

    private static final String YAML = """
            tenants:
              - name: t
                require-mfa: true
                users:
                  - username: alice
                    password-env: ALICE_PASSWORD
                    email: alice@example.com
                    name: Alice Example
                    roles: [admin]
                  - username: bob
                    password-env: BOB_PASSWORD
                    totp-secret-env: BOB_TOTP
            """;

    private int apply(ServerConfig c) {
        return new TenantBootstrap(
                        new TenantStore(f.db),
                        new ClientStore(f.db),
                        f.audit,
                        f.clock,
                        new UserBootstrap(f.identity, f.audit))
                .apply(c.tenants());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void createsTheUsersOnceAndKeepsTheirPasswordsAfterwards(String kind) throws Exception {
        f = new IdentityFixture(kind);
        ServerConfig c = load(YAML);
        assertThat(apply(c)).isGreaterThanOrEqualTo(3);
        UserAccount alice = f.users().findByUsername("t", "Alice").orElseThrow();
        assertThat(alice.email()).isEqualTo("alice@example.com");
        assertThat(alice.name()).isEqualTo("Alice Example");
        assertThat(alice.roles()).containsExactly("admin");
        assertThat(alice.totpEnrolled()).isFalse();
        assertThat(f.users().findByUsername("t", "bob").orElseThrow().totpEnrolled())
                .isTrue();
        assertThat(f.users().tenantRequiresMfa("t")).isTrue();
        assertThat(f.users()
                        .signIn("t", "alice", "alice's long passphrase", null)
                        .outcome())
                .isEqualTo(Outcome.ACCEPTED);
        // Bob's secret from the configuration is the one in force.
        String code =
                Totp.code(Base32.decode(BOB_TOTP), Totp.step(f.clock.instant().getEpochSecond()), 6);
        UserAccount bob = f.users().findByUsername("t", "bob").orElseThrow();
        assertThat(f.identity.secondFactor().verify("t", bob.userId(), code, null))
                .isTrue();

        assertThat(apply(c)).as("the same configuration again changes nothing").isZero();

        // Alice changes her password; a restart with the old one in the environment keeps hers.
        f.users().changePassword("t", alice.userId(), "alice's long passphrase", "alice's own new passphrase");
        env.put("ALICE_PASSWORD", "another configured passphrase");
        ServerConfig changed = load(YAML.replace("roles: [admin]", "roles: [admin, auditor]"));
        assertThat(apply(changed)).isEqualTo(1);
        assertThat(f.users().find("t", alice.userId()).orElseThrow().roles()).containsExactly("admin", "auditor");
        assertThat(f.users()
                        .signIn("t", "alice", "alice's own new passphrase", null)
                        .outcome())
                .isEqualTo(Outcome.ACCEPTED);
        assertThat(f.users().find("t", alice.userId()).orElseThrow().userId()).isEqualTo(alice.userId());
    }

    @Test
    void inlineSecretsAreRefusedWithTheWayToGiveThem() {
        assertThatThrownBy(() -> load("""
                        tenants:
                          - name: t
                            users:
                              - username: alice
                                password: hunter2hunter2
                        """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tenants[0].users[0].password")
                .hasMessageContaining("password-env")
                .hasMessageContaining("password-file");
        assertThatThrownBy(() -> load("""
                        tenants:
                          - name: t
                            users:
                              - username: bob
                                password-env: BOB_PASSWORD
                                totp-secret: JBSWY3DPEHPK3PXP
                        """)).hasMessageContaining("totp-secret-env");
    }

    @Test
    void thePasswordPolicyAppliesToConfiguredPasswords() throws IOException {
        env.put("WEAK", "short");
        env.put("COMMON", "123456789123");
        assertThatThrownBy(() ->
                        load("tenants:\n  - name: t\n    users:\n      - username: a\n        password-env: WEAK\n"))
                .hasMessageContaining("tenants[0].users[0].password-env")
                .hasMessageContaining("at least 12 characters");
        assertThatThrownBy(() ->
                        load("tenants:\n  - name: t\n    users:\n      - username: a\n        password-env: COMMON\n"))
                .hasMessageContaining("common passwords");
        Path file = dir.resolve("pw");
        Files.writeString(file, "a passphrase from a file\n");
        ServerConfig c =
                load("tenants:\n  - name: t\n    users:\n      - username: a\n        password-file: " + file + "\n");
        assertThat(c.tenants().get(0).users().get(0).password()).isEqualTo("a passphrase from a file");
        assertThat(c.tenants().get(0).users().get(0).toString()).doesNotContain("passphrase");
    }

    @Test
    void badUserEntriesNameTheField() {
        assertThatThrownBy(() -> load("""
                        tenants:
                          - name: t
                            users:
                              - username: alice
                                password-env: ALICE_PASSWORD
                              - username: ALICE
                                password-env: BOB_PASSWORD
                        """)).hasMessageContaining("declared twice");
        assertThatThrownBy(() -> load("""
                        tenants:
                          - name: t
                            users:
                              - username: alice
                        """)).hasMessageContaining("password-env");
        assertThatThrownBy(() -> load("""
                        tenants:
                          - name: t
                            users:
                              - username: alice
                                password-env: ALICE_PASSWORD
                                roles: ["has space"]
                        """)).hasMessageContaining("tenants[0].users[0].roles");
        assertThatThrownBy(() -> load("""
                        tenants:
                          - name: t
                            users:
                              - username: alice
                                password-env: ALICE_PASSWORD
                                name: "a\\u0007b"
                        """)).hasMessageContaining("tenants[0].users[0].name");
        env.put("BAD_TOTP", "not base32!");
        assertThatThrownBy(() -> load("""
                        tenants:
                          - name: t
                            users:
                              - username: alice
                                password-env: ALICE_PASSWORD
                                totp-secret-env: BAD_TOTP
                        """)).hasMessageContaining("Base32");
        assertThatThrownBy(() -> load("""
                        tenants:
                          - name: t
                            require-mfa: maybe
                        """)).hasMessageContaining("tenants[0].require-mfa");
    }

    @Test
    void argon2SettingsBelowOwaspMinimumsAreRefused() throws IOException {
        assertThat(load("").passwordHashing()).isEqualTo(PasswordHashing.DEFAULT);
        assertThat(load("passwords:\n  argon2-memory-kib: 47104\n  argon2-iterations: 3\n")
                        .passwordHashing())
                .isEqualTo(new PasswordHashing(47104, 3, 1));
        assertThatThrownBy(() -> load("passwords:\n  argon2-memory-kib: 4096\n"))
                .hasMessageContaining("passwords.argon2-memory-kib")
                .hasMessageContaining("OWASP");
        assertThatThrownBy(() -> load("passwords:\n  argon2-iterations: 1\n"))
                .hasMessageContaining("passwords.argon2-iterations");
        env.put("SIGNET_PASSWORDS_ARGON2_PARALLELISM", "0");
        assertThatThrownBy(() -> load("")).hasMessageContaining("passwords.argon2-parallelism");
    }
}
