package dev.signet.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.identity.PasswordSignIn.Outcome;
import dev.signet.server.identity.PasswordSignIn.Result;
import dev.signet.server.store.UserStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Password sign-in: outcomes, enumeration, back-off, lock, per-address throttling, concurrency. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PasswordSignInTest {

    private static final String PASSWORD = "violet tractor harbour";
    private static final String WRONG = "violet tractor harbor";

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

    private Result signIn(String username, String password) {
        return f.users().signIn("t", username, password, "192.0.2.1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theRightPasswordSignsInWithTheStableId(String kind) {
        f = new IdentityFixture(kind);
        UserAccount alice = f.create("Alice", PASSWORD);
        assertThat(alice.userId()).matches("[A-Za-z0-9_-]{22}");
        Result r = signIn("ALICE", PASSWORD);
        assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(r.user().userId()).isEqualTo(alice.userId());
        assertThat(r.user().username()).isEqualTo("Alice");
        assertThat(f.users().find("t", alice.userId())).contains(r.user());
        assertThatThrownBy(() -> f.create("alice", "another long passphrase")).isInstanceOf(Users.UsernameTaken.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anUnknownUserAndAWrongPasswordGetTheSameAnswerAfterTheSameWork(String kind) {
        f = new IdentityFixture(kind);
        f.create("alice", PASSWORD);
        long before = f.hashes();
        Result wrong = signIn("alice", WRONG);
        long afterWrong = f.hashes();
        Result unknown = signIn("mallory", WRONG);
        long afterUnknown = f.hashes();
        assertThat(wrong).isEqualTo(unknown).isEqualTo(new Result(Outcome.REFUSED, null, null));
        assertThat(afterWrong - before).isEqualTo(1);
        assertThat(afterUnknown - afterWrong)
                .as("an unknown user costs one hash too")
                .isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDisabledAccountIsRefusedAfterTheSameHashing(String kind) {
        f = new IdentityFixture(kind);
        UserAccount bob = f.create("bob", PASSWORD);
        f.users().disable("t", bob.userId());
        long before = f.hashes();
        assertThat(signIn("bob", PASSWORD)).isEqualTo(new Result(Outcome.REFUSED, null, null));
        assertThat(f.hashes() - before).isEqualTo(1);
        f.users().enable("t", bob.userId());
        assertThat(signIn("bob", PASSWORD).outcome()).isEqualTo(Outcome.ACCEPTED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void backsOffFromTheFifthFailureAndLocksAtTheTenth(String kind) {
        f = new IdentityFixture(kind);
        f.create("alice", PASSWORD);
        List<String> known = walkFailures("alice");
        // The correct password during the lock: refused (after hashing).
        f.clock.advance(Duration.ofMinutes(1));
        long before = f.hashes();
        assertThat(signIn("alice", PASSWORD).outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(f.hashes() - before).isEqualTo(1);
        f.clock.advance(Duration.ofMinutes(15));
        assertThat(signIn("alice", PASSWORD).outcome()).isEqualTo(Outcome.ACCEPTED);
        // Success set the counter back: four more failures are not throttled.
        for (int i = 0; i < 4; i++) {
            assertThat(signIn("alice", WRONG).outcome()).isEqualTo(Outcome.REFUSED);
        }
        assertThat(signIn("alice", PASSWORD).outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(known).contains("THROTTLED 1s", "THROTTLED 16s");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void throttlingLooksTheSameForAnUnknownUsername(String kind) {
        f = new IdentityFixture(kind);
        f.create("alice", PASSWORD);
        List<String> known = walkFailures("alice");
        List<String> unknown = walkFailures("nobody-at-all");
        assertThat(unknown).isEqualTo(known);
    }

    /**
     * Fails ten times, trying again as soon as allowed, and records each answer: four refusals, then
     * after each further refusal a throttled answer that doubles, from 1 s to 16 s, and the lock.
     */
    private List<String> walkFailures(String username) {
        List<String> seen = new ArrayList<>();
        for (int failures = 0; failures < 10; ) {
            long hashes = f.hashes();
            Result r = f.users().signIn("t", username, WRONG, "198.51.100." + failures);
            if (r.outcome() == Outcome.THROTTLED) {
                assertThat(f.hashes()).as("throttled before hashing").isEqualTo(hashes);
                seen.add("THROTTLED " + r.retryAfter().toSeconds() + "s");
                f.clock.advance(r.retryAfter());
            } else {
                assertThat(r.outcome()).isEqualTo(Outcome.REFUSED);
                seen.add("REFUSED");
                failures++;
            }
        }
        Result after = f.users().signIn("t", username, WRONG, "198.51.100.99");
        seen.add(after.outcome() + " " + after.retryAfter().toSeconds() + "s");
        assertThat(seen)
                .containsExactly(
                        "REFUSED",
                        "REFUSED",
                        "REFUSED",
                        "REFUSED",
                        "REFUSED",
                        "THROTTLED 1s",
                        "REFUSED",
                        "THROTTLED 2s",
                        "REFUSED",
                        "THROTTLED 4s",
                        "REFUSED",
                        "THROTTLED 8s",
                        "REFUSED",
                        "THROTTLED 16s",
                        "REFUSED",
                        "THROTTLED 32s");
        return seen;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anAddressIsThrottledFromItsTwentiethFailureBeforeAnyHashing(String kind) {
        f = new IdentityFixture(kind);
        f.create("alice", PASSWORD);
        String attacker = "203.0.113.7";
        for (int i = 0; i < 20; i++) {
            // A different username each time: no account's counter reaches its back-off.
            assertThat(f.users().signIn("t", "user" + i, WRONG, attacker).outcome())
                    .isEqualTo(Outcome.REFUSED);
        }
        long before = f.hashes();
        for (int i = 0; i < 100; i++) {
            Result r = f.users().signIn("t", "alice", PASSWORD, attacker);
            assertThat(r.outcome()).isEqualTo(Outcome.THROTTLED);
            assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        }
        assertThat(f.hashes()).as("100 throttled attempts, no hash").isEqualTo(before);
        assertThat(f.users().signIn("t", "alice", PASSWORD, "192.0.2.200").outcome())
                .as("another address is not held up")
                .isEqualTo(Outcome.ACCEPTED);
        f.clock.advance(Duration.ofSeconds(1));
        assertThat(f.users().signIn("t", "alice", PASSWORD, attacker).outcome()).isEqualTo(Outcome.ACCEPTED);
        f.clock.advance(SignInThrottle.ADDRESS_WINDOW);
        assertThat(f.users().signIn("t", "alice", WRONG, attacker).outcome())
                .as("the window has passed")
                .isEqualTo(Outcome.REFUSED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anIpv6AddressCountsByItsSlash64(String kind) {
        f = new IdentityFixture(kind);
        for (int i = 0; i < 20; i++) {
            f.users().signIn("t", "user" + i, WRONG, "2001:db8:1:2::" + Integer.toHexString(i + 1));
        }
        assertThat(f.users()
                        .signIn("t", "someone", WRONG, "2001:db8:1:2:ffff::1")
                        .outcome())
                .isEqualTo(Outcome.THROTTLED);
        assertThat(f.users().signIn("t", "someone", WRONG, "2001:db8:1:3::1").outcome())
                .isEqualTo(Outcome.REFUSED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void fiftyConcurrentFailuresAreEachCountedOnce(String kind) throws Exception {
        f = new IdentityFixture(kind);
        UserAccount alice = f.create("alice", PASSWORD);
        UserStore store = new UserStore(f.db);
        List<Integer> counts = onThreads(
                50,
                i -> store.recordFailure(
                                "t",
                                alice.userId(),
                                f.clock.instant(),
                                SignInThrottle.LOCK_AT,
                                f.clock.instant().plus(SignInThrottle.LOCK_DURATION))
                        .orElseThrow()
                        .attempts());
        assertThat(counts).hasSize(50).doesNotHaveDuplicates().allMatch(c -> c >= 1 && c <= 50);
        assertThat(store.find("t", alice.userId()).orElseThrow().failedAttempts())
                .isEqualTo(50);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void concurrentWrongPasswordsCountEveryRefusal(String kind) throws Exception {
        f = new IdentityFixture(kind);
        UserAccount alice = f.create("alice", PASSWORD);
        List<Outcome> outcomes = onThreads(
                50, i -> f.users().signIn("t", "alice", WRONG, "10.0.0." + i).outcome());
        long refused = outcomes.stream().filter(o -> o == Outcome.REFUSED).count();
        assertThat(outcomes).allMatch(o -> o == Outcome.REFUSED || o == Outcome.THROTTLED);
        assertThat(refused).isGreaterThanOrEqualTo(5);
        assertThat(new UserStore(f.db).find("t", alice.userId()).orElseThrow().failedAttempts())
                .isEqualTo((int) refused);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void signInRehashesWhenTheParametersChanged(String kind) {
        f = new IdentityFixture(kind);
        UserAccount alice = f.create("alice", PASSWORD);
        UserStore store = new UserStore(f.db);
        String old = store.find("t", alice.userId()).orElseThrow().passwordHash();
        Identity stronger = f.reopen(new PasswordHashing(19_456, 3, 1));
        assertThat(stronger.users().signIn("t", "alice", PASSWORD, null).outcome())
                .isEqualTo(Outcome.ACCEPTED);
        String now = store.find("t", alice.userId()).orElseThrow().passwordHash();
        assertThat(old).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(now).startsWith("$argon2id$v=19$m=19456,t=3,p=1$");
        assertThat(stronger.users().signIn("t", "alice", PASSWORD, null).outcome())
                .isEqualTo(Outcome.ACCEPTED);
        assertThat(store.find("t", alice.userId()).orElseThrow().passwordHash())
                .as("no second re-hash")
                .isEqualTo(now);
    }

    private static <T> List<T> onThreads(int n, Work<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int id = i;
                futures.add(pool.submit((Callable<T>) () -> {
                    go.await();
                    return work.run(id);
                }));
            }
            go.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> fu : futures) {
                out.add(fu.get(100, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    interface Work<T> {
        T run(int i) throws Exception;
    }
}
