package dev.signet.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The budgets of failed client authentications, on a clock moved by hand. */
class AuthenticationThrottleTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
    private final AuthenticationThrottle throttle = new AuthenticationThrottle(nanos::get);

    private void advanceSeconds(double s) {
        nanos.addAndGet((long) (s * 1e9));
    }

    @Test
    void aBurstOfFailuresIsAnswered401ThenRefusedUncheckedWithRetryAfter() {
        for (int i = 0; i < AuthenticationThrottle.BURST; i++) {
            assertThat(throttle.before("t", "c", "10.0.0.9").check()).isTrue();
            assertThat(throttle.failed("t", "c", true, "10.0.0.9"))
                    .as("failure %d", i)
                    .isZero();
        }
        AuthenticationThrottle.Gate gate = throttle.before("t", "c", "10.0.0.9");
        assertThat(gate.check()).isFalse();
        assertThat(gate.retryAfterSeconds()).isEqualTo(1);
        // Refilled at one a second: one more check after a second, not twenty.
        advanceSeconds(1);
        assertThat(throttle.before("t", "c", "10.0.0.9").check()).isTrue();
        assertThat(throttle.failed("t", "c", true, "10.0.0.9")).isZero();
        assertThat(throttle.before("t", "c", "10.0.0.9").check()).isFalse();
    }

    @Test
    void theClientItselfIsCheckedFromAnAddressThatHasNotFailed() {
        for (int i = 0; i < 100; i++) {
            throttle.failed("t", "c", true, "10.0.0.9");
        }
        assertThat(throttle.before("t", "c", "10.0.0.9").check()).isFalse();
        assertThat(throttle.before("t", "c", "192.0.2.1").check()).isTrue();
        // Other clients are checked from the attacker's address too; its failures answer 429.
        assertThat(throttle.before("t", "other", "10.0.0.9").check()).isTrue();
        assertThat(throttle.failed("t", "other", true, "10.0.0.9")).isPositive();
    }

    @Test
    void madeUpClientIdsGetNoBudgetOfTheirOwnButSpendTheAddresss() {
        for (int i = 0; i < AuthenticationThrottle.BURST; i++) {
            assertThat(throttle.failed("t", "nobody-" + i, false, "10.0.0.9")).isZero();
        }
        assertThat(throttle.failed("t", "nobody-x", false, "10.0.0.9")).isPositive();
        assertThat(throttle.before("t", "nobody-0", "10.0.0.9").check()).isTrue(); // no client budget
        assertThat(throttle.failed("t", "c", false, "192.0.2.1")).isZero();
    }

    @Test
    void anIpv6AddressCountsByItsSlash64() {
        assertThat(AuthenticationThrottle.addressKey("2001:db8:1:2:aaaa::1"))
                .isEqualTo(AuthenticationThrottle.addressKey("2001:db8:1:2:bbbb::99"))
                .isEqualTo("2001:0db8:0001:0002::/64");
        assertThat(AuthenticationThrottle.addressKey("[2001:db8:1:3::1]")).isEqualTo("2001:0db8:0001:0003::/64");
        assertThat(AuthenticationThrottle.addressKey("127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(AuthenticationThrottle.addressKey("x".repeat(1000))).hasSize(64);
    }
}
