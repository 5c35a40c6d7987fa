package dev.signet.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.MutableClock;
import dev.signet.server.TestDatabases;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Repeated authentication failures become summary rows: the table grows per second, not per failure. */
class AuthenticationFailureAuditTest {

    private final MutableClock clock = MutableClock.startingNow();
    private AuditDb fixture;

    static List<String> databases() {
        return TestDatabases.kinds();
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void thousandsOfFailuresForOneClientAndForMadeUpIdsAreAFewRowsThatCountThemAll(String kind) {
        fixture = new AuditDb(kind, clock, AuditLog.IssuedTokens.SUMMARY);
        int perKind = 5_000;
        long started = System.nanoTime();
        for (int i = 0; i < perKind; i++) {
            fixture.audit.authenticationFailed("t", "orders-service", "wrong secret");
            fixture.audit.authenticationFailed("t", "nobody-" + i, "unknown client");
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L + 2; // summary intervals it spanned, at most
        List<AuditEntry> own = fixture.events(AuditEvent.CLIENT_AUTHENTICATION_FAILED);
        List<AuditEntry> summaries = fixture.events(AuditEvent.CLIENT_AUTHENTICATION_FAILED_SUMMARY);

        // Each interval: at most one own row and one summary per key, and at most MAX_KEYS keys + 1 shared.
        long bound = seconds * 2 * (AuthenticationFailureTally.MAX_KEYS + 1);
        assertThat((long) own.size() + summaries.size()).isLessThanOrEqualTo(bound);
        assertThat(own.size() + summaries.size()).isLessThan(2 * perKind / 10);
        // Nothing is lost: the own rows and the summaries' counts add up to every failure.
        long counted = own.size();
        for (AuditEntry s : summaries) {
            Matcher m = Pattern.compile("^count=(\\d+) first=\\S+ reason=.+$").matcher(s.detail());
            assertThat(m.matches()).as(s.detail()).isTrue();
            counted += Long.parseLong(m.group(1));
        }
        assertThat(counted).isEqualTo(2L * perKind);
        assertThat(own).anySatisfy(e -> {
            assertThat(e.subject()).isEqualTo("orders-service");
            assertThat(e.detail()).isEqualTo("wrong secret");
        });
        assertThat(summaries)
                .anySatisfy(e -> assertThat(e.subject()).isEqualTo("orders-service"))
                .anySatisfy(e -> {
                    assertThat(e.subject()).isNull();
                    assertThat(e.detail()).endsWith("reason=" + AuthenticationFailureTally.OVERFLOW_REASON);
                });
    }
}
