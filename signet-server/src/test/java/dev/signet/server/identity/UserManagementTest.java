package dev.signet.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.audit.AuditEntry;
import dev.signet.server.identity.PasswordSignIn.Outcome;
import dev.signet.server.store.UserStore;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Account states, password changes and resets, and the listeners told after each commit. */
class UserManagementTest {

    private static final String PASSWORD = "violet tractor harbour";
    private static final String NEW_PASSWORD = "quiet pebble lighthouse";

    private IdentityFixture f;
    private final List<String> told = new CopyOnWriteArrayList<>();

    static List<String> databases() {
        return IdentityFixture.databases();
    }

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    /** A listener that reads the user through a pool connection of its own: it sees only committed state. */
    private void listen() {
        UserStore store = new UserStore(f.db);
        f.users().addListener((tenant, userId, reason) -> {
            UserStore.UserRow u = store.find(tenant, userId).orElseThrow();
            told.add(reason + " enabled=" + u.enabled() + " change=" + u.passwordChangeRequired() + " totp="
                    + (u.totpSecretEncrypted() != null));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void disablingTellsTheListenersAfterCommit(String kind) {
        f = new IdentityFixture(kind);
        listen();
        UserAccount bob = f.create("bob", PASSWORD);
        assertThat(f.users().disable("t", bob.userId()).enabled()).isFalse();
        assertThat(f.users().disable("t", bob.userId()).enabled()).isFalse();
        assertThat(told).containsExactly("account_disabled enabled=false change=false totp=false");
        assertThat(f.users().enable("t", bob.userId()).enabled()).isTrue();
        assertThat(told).hasSize(1);
        assertThatThrownBy(() -> f.users().disable("t", "AAAAAAAAAAAAAAAAAAAAAA"))
                .isInstanceOf(NoSuchElementException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aResetForcesAChangeAtTheNextSignIn(String kind) {
        f = new IdentityFixture(kind);
        listen();
        UserAccount bob = f.create("bob", PASSWORD);
        f.users().resetPassword("t", bob.userId(), null);
        assertThat(told).containsExactly("password_reset enabled=true change=true totp=false");
        PasswordSignIn.Result r = f.users().signIn("t", "bob", PASSWORD, "192.0.2.1");
        assertThat(r.outcome()).isEqualTo(Outcome.PASSWORD_CHANGE_REQUIRED);
        assertThat(r.user().passwordChangeRequired()).isTrue();
        assertThatThrownBy(() -> f.users().changePassword("t", bob.userId(), null, PASSWORD))
                .isInstanceOf(IdentityRuleViolation.class)
                .hasMessageContaining("differ");
        assertThatThrownBy(() -> f.users().changePassword("t", bob.userId(), null, "short"))
                .hasMessageContaining("at least 12");
        assertThat(f.users().changePassword("t", bob.userId(), null, NEW_PASSWORD))
                .isTrue();
        assertThat(told).last().isEqualTo("password_changed enabled=true change=false totp=false");
        assertThat(f.users().signIn("t", "bob", NEW_PASSWORD, "192.0.2.1").outcome())
                .isEqualTo(Outcome.ACCEPTED);
        assertThat(f.users().signIn("t", "bob", PASSWORD, "192.0.2.1").outcome())
                .isEqualTo(Outcome.REFUSED);
        assertThatThrownBy(() -> f.users().changePassword("t", bob.userId(), null, "another long passphrase"))
                .as("without a required change, the current password is needed")
                .isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aTemporaryPasswordReplacesTheOldOne(String kind) {
        f = new IdentityFixture(kind);
        UserAccount bob = f.create("bob", PASSWORD);
        assertThatThrownBy(() -> f.users().resetPassword("t", bob.userId(), "123456789123"))
                .hasMessageContaining("common");
        f.users().resetPassword("t", bob.userId(), "temporary but long enough");
        assertThat(f.users().signIn("t", "bob", PASSWORD, "192.0.2.1").outcome())
                .isEqualTo(Outcome.REFUSED);
        assertThat(f.users()
                        .signIn("t", "bob", "temporary but long enough", "192.0.2.1")
                        .outcome())
                .isEqualTo(Outcome.PASSWORD_CHANGE_REQUIRED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void changingWithTheWrongCurrentPasswordFailsAndCounts(String kind) {
        f = new IdentityFixture(kind);
        listen();
        UserAccount bob = f.create("bob", PASSWORD);
        assertThat(f.users().changePassword("t", bob.userId(), "not the password", NEW_PASSWORD))
                .isFalse();
        assertThat(new UserStore(f.db).find("t", bob.userId()).orElseThrow().failedAttempts())
                .isEqualTo(1);
        assertThat(told).isEmpty();
        assertThat(f.users().changePassword("t", bob.userId(), PASSWORD, NEW_PASSWORD))
                .isTrue();
        assertThat(told).containsExactly("password_changed enabled=true change=false totp=false");
        // Guessing the current password through a change is throttled like signing in.
        for (int i = 0; i < 5; i++) {
            assertThat(f.users().changePassword("t", bob.userId(), "guess number " + i, PASSWORD))
                    .isFalse();
        }
        long hashes = f.hashes();
        assertThat(f.users().changePassword("t", bob.userId(), NEW_PASSWORD, PASSWORD))
                .isFalse();
        assertThat(f.hashes()).as("backed off: not checked").isEqualTo(hashes);
        f.clock.advance(Duration.ofSeconds(1));
        assertThat(f.users().changePassword("t", bob.userId(), NEW_PASSWORD, PASSWORD))
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aResetLinkWorksOnceAndExpires(String kind) {
        f = new IdentityFixture(kind);
        listen();
        UserAccount bob = f.create("bob", PASSWORD);
        Users.ResetLink link = f.users().issueResetLink("t", bob.userId());
        assertThat(link.token()).hasSize(43);
        assertThat(told).as("the old password works until the link is used").isEmpty();
        assertThat(f.users().resetWithLink("other", link.token(), NEW_PASSWORD))
                .as("another tenant")
                .isEmpty();
        assertThat(f.users().resetWithLink("t", link.token(), NEW_PASSWORD)).isPresent();
        assertThat(told).containsExactly("password_reset enabled=true change=false totp=false");
        assertThat(f.users().resetWithLink("t", link.token(), "yet another passphrase"))
                .isEmpty();
        assertThat(f.users().signIn("t", "bob", NEW_PASSWORD, null).outcome()).isEqualTo(Outcome.ACCEPTED);
        Users.ResetLink late = f.users().issueResetLink("t", bob.userId());
        f.clock.advance(Users.RESET_LINK_LIFETIME.plusSeconds(1));
        assertThat(f.users().resetWithLink("t", late.token(), "yet another passphrase"))
                .isEmpty();
        Users.ResetLink first = f.users().issueResetLink("t", bob.userId());
        Users.ResetLink second = f.users().issueResetLink("t", bob.userId());
        assertThat(f.users().resetWithLink("t", first.token(), "yet another passphrase"))
                .as("a newer link replaces it")
                .isEmpty();
        assertThat(f.users().resetWithLink("t", second.token(), "yet another passphrase"))
                .isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void unlockLiftsTheLock(String kind) {
        f = new IdentityFixture(kind);
        UserAccount bob = f.create("bob", PASSWORD);
        UserStore store = new UserStore(f.db);
        for (int i = 0; i < 10; i++) {
            store.recordFailure(
                    "t", bob.userId(), f.clock.instant(), 10, f.clock.instant().plus(Duration.ofMinutes(15)));
        }
        assertThat(f.users().lockedUntil("t", bob.userId())).isPresent();
        assertThat(f.users().signIn("t", "bob", PASSWORD, null).outcome()).isEqualTo(Outcome.THROTTLED);
        f.users().unlock("t", bob.userId());
        assertThat(f.users().lockedUntil("t", bob.userId())).isEmpty();
        assertThat(f.users().signIn("t", "bob", PASSWORD, null).outcome()).isEqualTo(Outcome.ACCEPTED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void everyAdminActionAndFailureIsAuditedWithoutSecrets(String kind) {
        f = new IdentityFixture(kind);
        UserAccount bob = f.create("bob", PASSWORD);
        f.users().signIn("t", "bob", "a wrong password!", "192.0.2.1");
        f.users().signIn("t", "nobody", "a wrong password!", "192.0.2.1");
        f.users().disable("t", bob.userId());
        f.users().enable("t", bob.userId());
        f.users().unlock("t", bob.userId());
        f.users().resetPassword("t", bob.userId(), null);
        f.users().resetMfa("t", bob.userId());
        List<AuditEntry> events = f.audit.recent("t", 50);
        assertThat(events)
                .extracting(AuditEntry::type)
                .contains(
                        "user.created",
                        "user.sign_in_failed",
                        "user.disabled",
                        "user.enabled",
                        "user.unlocked",
                        "user.password_reset",
                        "user.mfa_reset");
        assertThat(events)
                .filteredOn(e -> e.type().equals("user.sign_in_failed"))
                .extracting(e -> e.subject() + " " + e.detail())
                .containsExactlyInAnyOrder(bob.userId() + " wrong_password", "null unknown_user");
        assertThat(events.toString()).doesNotContain("wrong password", "nobody", PASSWORD, "argon2");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theTenantMfaRequirementIsStored(String kind) {
        f = new IdentityFixture(kind);
        assertThat(f.users().tenantRequiresMfa("t")).isFalse();
        assertThat(f.users().setTenantRequiresMfa("t", false)).isFalse();
        assertThat(f.users().setTenantRequiresMfa("t", true)).isTrue();
        assertThat(f.users().setTenantRequiresMfa("t", true)).isFalse();
        assertThat(f.users().tenantRequiresMfa("t")).isTrue();
        assertThat(f.users().setTenantRequiresMfa("t", false)).isTrue();
        assertThat(f.users().tenantRequiresMfa("t")).isFalse();
    }
}
