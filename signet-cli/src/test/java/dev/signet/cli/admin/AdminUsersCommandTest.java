package dev.signet.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.Cli;
import dev.signet.server.Server;
import dev.signet.server.config.ConfigLoader;
import dev.signet.server.config.Setting;
import dev.signet.server.identity.PasswordSignIn.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code signet admin users …} against a real server in-process: each subcommand, and passwords never as arguments. */
class AdminUsersCommandTest {

    @TempDir
    static Path data;

    static Server server;
    static String url;
    static Path credential;

    @BeforeAll
    static void start() {
        Map<Setting, String> options = new EnumMap<>(Setting.class);
        options.put(Setting.SERVER_PORT, "0");
        options.put(Setting.DATA_DIR, data.toString());
        options.put(Setting.CRYPTO_PROVIDER, "jdk");
        server = Server.start(ConfigLoader.load(null, options, Map.of()), Map.of(), Clock.systemUTC(), w -> {});
        url = server.localUrl();
        credential = data.resolve("admin-credential");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Cli.Run admin(Cli cli, String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "admin";
        all[1] = "--server";
        all[2] = url;
        all[3] = "--credential-file";
        all[4] = credential.toString();
        System.arraycopy(args, 0, all, 5, args.length);
        return cli.run(all);
    }

    private static Outcome signIn(String username, String password) {
        return server.identity()
                .users()
                .signIn("default", username, password, "192.0.2.1")
                .outcome();
    }

    @Test
    void createsUsersWithPasswordsFromTheEnvironmentAFileOrStandardInput() throws Exception {
        Cli.Run fromEnv = admin(
                new Cli().env("NEW_PW", "alice's long passphrase"),
                "users",
                "create",
                "alice",
                "--password-env",
                "NEW_PW",
                "--email",
                "alice@example.com",
                "--role",
                "admin,ops");
        assertThat(fromEnv.exitCode()).as(fromEnv.err()).isZero();
        assertThat(fromEnv.out()).startsWith("created user alice (").contains("in tenant default");
        assertThat(signIn("alice", "alice's long passphrase")).isEqualTo(Outcome.ACCEPTED);

        Path file = data.resolve("bob-pw");
        Files.writeString(file, "bob's long passphrase\n");
        assertThat(admin(new Cli(), "users", "create", "bob", "--password-file", file.toString())
                        .exitCode())
                .isZero();
        assertThat(signIn("bob", "bob's long passphrase")).isEqualTo(Outcome.ACCEPTED);

        assertThat(admin(new Cli().stdin(" carol's  spaced passphrase \n"), "users", "create", "carol")
                        .exitCode())
                .isZero();
        assertThat(signIn("carol", " carol's  spaced passphrase ")).isEqualTo(Outcome.ACCEPTED);

        Cli.Run list = admin(new Cli(), "users", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("USERNAME", "alice", "bob", "carol", "alice@example.com", "active");
        assertThat(list.out()).doesNotContain("passphrase");
    }

    @Test
    void refusedPasswordsAndMissingOnesSayWhy() {
        Cli.Run weak = admin(new Cli().env("PW", "short"), "users", "create", "dave", "--password-env", "PW");
        assertThat(weak.exitCode()).as("refused by the server").isEqualTo(1);
        assertThat(weak.errLine()).startsWith("INVALID_REQUEST: ").contains("at least 12 characters");
        Cli.Run none = admin(new Cli(), "users", "create", "dave");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("--password-env");
        Cli.Run unset = admin(new Cli(), "users", "create", "dave", "--password-env", "NOT_SET");
        assertThat(unset.err()).contains("NOT_SET is not set");
        Cli.Run asArgument = admin(new Cli(), "users", "create", "dave", "--password", "hunter2hunter2");
        assertThat(asArgument.exitCode()).as("there is no --password option").isEqualTo(2);
    }

    @Test
    void disableEnableUnlockResetPasswordAndMfaByUsername() {
        admin(new Cli().env("PW", "erin's long passphrase"), "users", "create", "erin", "--password-env", "PW");
        Cli.Run disabled = admin(new Cli(), "users", "disable", "ERIN");
        assertThat(disabled.exitCode()).as(disabled.err()).isZero();
        assertThat(disabled.out()).contains("user erin in tenant default disabled");
        assertThat(signIn("erin", "erin's long passphrase")).isEqualTo(Outcome.REFUSED);
        assertThat(admin(new Cli(), "users", "list").out()).contains("disabled");
        assertThat(admin(new Cli(), "users", "enable", "erin").out()).contains("enabled");
        assertThat(admin(new Cli(), "users", "unlock", "erin").out()).contains("unlocked");

        assertThat(admin(new Cli(), "users", "reset-password", "erin").out()).contains("must choose a new password");
        assertThat(signIn("erin", "erin's long passphrase")).isEqualTo(Outcome.PASSWORD_CHANGE_REQUIRED);
        assertThat(admin(
                                new Cli().env("TMP", "erin's temporary passphrase"),
                                "users",
                                "reset-password",
                                "erin",
                                "--temporary",
                                "--password-env",
                                "TMP")
                        .exitCode())
                .isZero();
        assertThat(signIn("erin", "erin's temporary passphrase")).isEqualTo(Outcome.PASSWORD_CHANGE_REQUIRED);

        Cli.Run link = admin(new Cli(), "users", "reset-password", "erin", "--link");
        assertThat(link.exitCode()).isZero();
        String token = link.out().strip();
        assertThat(token).hasSize(43);
        assertThat(link.errLine()).contains("will not be shown again");
        assertThat(server.identity().users().resetWithLink("default", token, "erin's chosen passphrase"))
                .isPresent();

        assertThat(admin(new Cli(), "users", "reset-mfa", "erin").out()).contains("has no second factor");
        Cli.Run nobody = admin(new Cli(), "users", "disable", "nobody");
        assertThat(nobody.exitCode()).isEqualTo(2);
        assertThat(nobody.err()).contains("no user nobody");
    }
}
