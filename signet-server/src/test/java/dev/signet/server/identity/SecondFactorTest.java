package dev.signet.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** TOTP enrolment and use, replay, clock drift, recovery codes, throttling. */
class SecondFactorTest {

    private static final String PASSWORD = "violet tractor harbour";

    private IdentityFixture f;

    static List<String> databases() {
        return IdentityFixture.databases();
    }

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    private String codeAt(String base32, long offsetSteps) {
        long step = Totp.step(f.clock.instant().getEpochSecond()) + offsetSteps;
        return Totp.code(Base32.decode(base32), step, 6);
    }

    private String enrol(UserAccount u) {
        SecondFactor.Enrolment e = f.identity.secondFactor().begin("t", u.userId());
        assertThat(f.identity.secondFactor().enrolled("t", u.userId()))
                .as("not before confirm")
                .isFalse();
        assertThat(e.otpauthUri()).startsWith("otpauth://totp/t:alice?secret=" + e.base32Secret() + "&issuer=t");
        assertThat(e.qrCodeSvg()).startsWith("<svg");
        assertThat(Base32.decode(e.base32Secret())).hasSize(20);
        assertThat(f.identity.secondFactor().confirm("t", u.userId(), e.base32Secret(), "000000x"))
                .isEmpty();
        return e.base32Secret();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aConfirmedSecretAcceptsEachCodeOnce(String kind) {
        f = new IdentityFixture(kind);
        UserAccount alice = f.create("alice", PASSWORD);
        String secret = enrol(alice);
        List<String> recovery = f.identity.secondFactor().confirm("t", alice.userId(), secret, codeAt(secret, 0));
        assertThat(recovery)
                .hasSize(10)
                .doesNotHaveDuplicates()
                .allMatch(c -> c.matches("[a-z2-7]{4}(-[a-z2-7]{4}){3}"));
        assertThat(f.identity.secondFactor().enrolled("t", alice.userId())).isTrue();
        assertThat(f.users().find("t", alice.userId()).orElseThrow().totpEnrolled())
                .isTrue();
        // The confirming code's step is used: the same code is not accepted again.
        assertThat(f.identity.secondFactor().verify("t", alice.userId(), codeAt(secret, 0), "192.0.2.1"))
                .isFalse();
        f.clock.advance(Duration.ofSeconds(30));
        String next = codeAt(secret, 0);
        assertThat(f.identity.secondFactor().verify("t", alice.userId(), next, "192.0.2.1"))
                .isTrue();
        assertThat(f.identity.secondFactor().verify("t", alice.userId(), next, "192.0.2.1"))
                .as("replay")
                .isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void oneStepOfDriftEitherWayIsAcceptedTwoAreNot(String kind) {
        f = new IdentityFixture(kind);
        UserAccount alice = f.create("alice", PASSWORD);
        String secret = enrol(alice);
        f.identity.secondFactor().confirm("t", alice.userId(), secret, codeAt(secret, 0));
        f.clock.advance(Duration.ofMinutes(5));
        String sf = "192.0.2.1";
        assertThat(f.identity.secondFactor().verify("t", alice.userId(), codeAt(secret, -2), sf))
                .isFalse();
        assertThat(f.identity.secondFactor().verify("t", alice.userId(), codeAt(secret, 2), sf))
                .isFalse();
        assertThat(f.identity.secondFactor().verify("t", alice.userId(), codeAt(secret, -1), sf))
                .isTrue();
        f.clock.advance(Duration.ofMinutes(5));
        assertThat(f.identity.secondFactor().verify("t", alice.userId(), codeAt(secret, 1), sf))
                .isTrue();
        assertThat(f.identity.secondFactor().verify("t", alice.userId(), codeAt(secret, 0), sf))
                .as("a step before one already accepted")
                .isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void recoveryCodesWorkOnceEach(String kind) {
        f = new IdentityFixture(kind);
        UserAccount alice = f.create("alice", PASSWORD);
        String secret = enrol(alice);
        List<String> codes = f.identity.secondFactor().confirm("t", alice.userId(), secret, codeAt(secret, 0));
        String sf = "192.0.2.1";
        assertThat(f.identity.secondFactor().verify("t", alice.userId(), codes.get(0), sf))
                .isTrue();
        assertThat(f.identity.secondFactor().verify("t", alice.userId(), codes.get(0), sf))
                .isFalse();
        assertThat(f.identity
                        .secondFactor()
                        .verify("t", alice.userId(), codes.get(1).toUpperCase(java.util.Locale.ROOT), sf))
                .as("case and dashes do not matter")
                .isTrue();
        assertThat(f.identity.secondFactor().recoveryCodesLeft("t", alice.userId()))
                .isEqualTo(8);
        // Enrolling again replaces every code.
        f.clock.advance(Duration.ofMinutes(1));
        List<String> fresh = f.identity.secondFactor().confirm("t", alice.userId(), secret, codeAt(secret, 0));
        assertThat(fresh).hasSize(10);
        assertThat(f.identity.secondFactor().verify("t", alice.userId(), codes.get(2), sf))
                .isFalse();
        assertThat(f.identity.secondFactor().verify("t", alice.userId(), fresh.get(2), sf))
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void wrongCodesCountAsFailuresAndALockedAccountIsNotChecked(String kind) {
        f = new IdentityFixture(kind);
        UserAccount alice = f.create("alice", PASSWORD);
        String secret = enrol(alice);
        f.identity.secondFactor().confirm("t", alice.userId(), secret, codeAt(secret, 0));
        f.clock.advance(Duration.ofMinutes(1));
        for (int i = 0; i < 5; i++) {
            assertThat(f.identity.secondFactor().verify("t", alice.userId(), "000000", "10.0.0." + i))
                    .isFalse();
        }
        // Backed off now: even the right code is refused without a check, and does not use its step.
        String good = codeAt(secret, 0);
        assertThat(f.identity.secondFactor().verify("t", alice.userId(), good, "10.0.0.9"))
                .isFalse();
        f.clock.advance(Duration.ofSeconds(1));
        assertThat(f.identity.secondFactor().verify("t", alice.userId(), good, "10.0.0.9"))
                .isTrue();
        assertThat(f.users().signIn("t", "alice", PASSWORD, "10.0.0.9").outcome())
                .as("the success set the counter back")
                .isEqualTo(PasswordSignIn.Outcome.ACCEPTED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void resettingMfaRemovesTheSecretAndTheCodes(String kind) {
        f = new IdentityFixture(kind);
        UserAccount alice = f.create("alice", PASSWORD);
        String secret = enrol(alice);
        List<String> codes = f.identity.secondFactor().confirm("t", alice.userId(), secret, codeAt(secret, 0));
        f.users().resetMfa("t", alice.userId());
        assertThat(f.identity.secondFactor().enrolled("t", alice.userId())).isFalse();
        assertThat(f.identity.secondFactor().verify("t", alice.userId(), codes.get(0), "192.0.2.1"))
                .isFalse();
        f.clock.advance(Duration.ofMinutes(1));
        assertThat(f.identity.secondFactor().verify("t", alice.userId(), codeAt(secret, 0), "192.0.2.1"))
                .isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void twentyConcurrentUsesOfOneCodeOrOneRecoveryCodeSucceedOnce(String kind) throws Exception {
        f = new IdentityFixture(kind);
        UserAccount alice = f.create("alice", PASSWORD);
        String secret = enrol(alice);
        List<String> codes = f.identity.secondFactor().confirm("t", alice.userId(), secret, codeAt(secret, 0));
        f.clock.advance(Duration.ofMinutes(1));
        String code = codeAt(secret, 0);
        for (String c : List.of(code, codes.get(0))) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(20);
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            try {
                List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    String address = "10.1.0." + i;
                    results.add(pool.submit(() -> {
                        go.await();
                        return f.identity.secondFactor().verify("t", alice.userId(), c, address);
                    }));
                }
                go.countDown();
                int accepted = 0;
                for (java.util.concurrent.Future<Boolean> r : results) {
                    accepted += r.get(60, java.util.concurrent.TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(accepted)
                        .as(c.length() == 6 ? "one TOTP code" : "one recovery code")
                        .isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
            f.users().unlock("t", alice.userId()); // the 19 refusals counted as failures
        }
    }
}
