package dev.signet.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.MutableClock;
import dev.signet.server.TestDatabases;
import dev.signet.server.store.Database;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** How {@link AuditLog#tokenIssued} records issued tokens: summary rows by default, a row each on request. */
class IssuedTokenAuditTest {

    private static final Pattern COUNT = Pattern.compile("^count=(\\d+) ");

    private AuditDb fixture;
    private Database db;
    private AuditLog audit;
    private final MutableClock clock = MutableClock.startingNow();

    static List<String> databases() {
        return TestDatabases.kinds();
    }

    private void open(String kind, AuditLog.IssuedTokens mode) {
        fixture = new AuditDb(kind, clock, mode);
        db = fixture.db;
        audit = fixture.audit;
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private List<AuditEntry> rows() {
        return db.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT id, tenant, type, subject, detail FROM audit_events WHERE tenant = 't'"
                                        + " ORDER BY id")
                        .map((rs, ctx) -> new AuditEntry(
                                rs.getLong("id"),
                                null,
                                rs.getString("tenant"),
                                rs.getString("type"),
                                rs.getString("subject"),
                                rs.getString("detail")))
                        .list());
    }

    /** Issued tokens counted by summary rows, per "subject detail-without-count-and-first". */
    private static Map<String, Long> counted(List<AuditEntry> events) {
        Map<String, Long> out = new HashMap<>();
        for (AuditEntry e : events) {
            if (!e.type().equals("token.issued.summary")) {
                continue;
            }
            Matcher m = COUNT.matcher(e.detail());
            assertThat(m.find()).as(e.detail()).isTrue();
            String key = e.subject() + " " + e.detail().replaceFirst("^count=\\d+ first=\\S+ ", "");
            out.merge(key, Long.parseLong(m.group(1)), Long::sum);
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void issuedTokensBecomeOneSummaryRowPerClientScopeAndAudience(String kind) {
        open(kind, AuditLog.IssuedTokens.SUMMARY);
        for (int i = 0; i < 300; i++) {
            audit.tokenIssued("t", "orders", "jti-" + i, "jwt", "orders.read", List.of("orders-api"));
            clock.advance(Duration.ofMillis(1));
        }
        for (int i = 0; i < 20; i++) {
            audit.tokenIssued("t", "orders", "jti-w" + i, "jwt", "orders.read orders.write", List.of("orders-api"));
        }
        audit.tokenIssued("t", "billing", "jti-b", "opaque", "bills", List.of("billing-api", "ledger"));
        audit.record("t", AuditEvent.CLIENT_DISABLED, "other", null);
        audit.flush(10_000);

        List<AuditEntry> rows = rows();
        assertThat(rows)
                .extracting(AuditEntry::type)
                .doesNotContain("token.issued")
                .contains("client.disabled");
        assertThat(rows)
                .filteredOn(e -> e.type().equals("token.issued.summary"))
                .hasSize(3)
                .allSatisfy(e -> assertThat(e.detail()).doesNotContain("jti"));
        assertThat(counted(rows))
                .containsOnly(
                        Map.entry("orders format=jwt scope=orders.read aud=orders-api", 300L),
                        Map.entry("orders format=jwt scope=orders.read orders.write aud=orders-api", 20L),
                        Map.entry("billing format=opaque scope=bills aud=billing-api,ledger", 1L));
        AuditEntry reads = rows.stream()
                .filter(e -> e.detail() != null && e.detail().startsWith("count=300 "))
                .findFirst()
                .orElseThrow();
        // The row is dated by the last token it counts, and names the first.
        assertThat(reads.detail()).contains(" first=" + clock.instant().minusMillis(300) + " ");
        List<AuditEntry> recent = audit.recent("t", 10);
        assertThat(recent.stream()
                        .filter(e -> e.detail() != null && e.detail().startsWith("count=300 "))
                        .findFirst()
                        .orElseThrow()
                        .at())
                .isEqualTo(clock.instant().minusMillis(1));
    }

    @Test
    void eachModeWritesARowPerTokenWithItsJti() {
        open("SQLite", AuditLog.IssuedTokens.EACH);
        for (int i = 0; i < 5; i++) {
            audit.tokenIssued("t", "orders", "jti-" + i, "jwt", "orders.read", List.of("orders-api"));
        }
        audit.flush(10_000);
        assertThat(rows())
                .extracting(AuditEntry::type)
                .containsOnly("token.issued")
                .hasSize(5);
        assertThat(rows())
                .extracting(AuditEntry::detail)
                .contains("jti=jti-3 format=jwt scope=orders.read aud=orders-api");
    }

    @Test
    void summariesAreWrittenWithinAboutASecondWithoutAFlush() throws Exception {
        open("SQLite", AuditLog.IssuedTokens.SUMMARY);
        audit.tokenIssued("t", "orders", "j", "jwt", "orders.read", List.of("orders-api"));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (counted(rows()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(counted(rows())).containsOnly(Map.entry("orders format=jwt scope=orders.read aud=orders-api", 1L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void tokensCountedWhileSummariesAreWrittenAreNeitherLostNorCountedTwice(String kind) throws Exception {
        open(kind, AuditLog.IssuedTokens.SUMMARY);
        int threads = 8;
        AtomicLong issued = new AtomicLong();
        long stopAt = System.nanoTime() + Duration.ofMillis(2_500).toNanos(); // two summary intervals and more
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            String client = "c" + (t % 3);
            Thread th = new Thread(() -> {
                try {
                    while (System.nanoTime() < stopAt) {
                        audit.tokenIssued("t", client, "j", "jwt", "s", List.of("a"));
                        issued.incrementAndGet();
                    }
                } finally {
                    done.countDown();
                }
            });
            th.start();
        }
        // Flushes take the tallies out too, from another thread than the writer's: many more chances to race.
        while (done.getCount() > 0) {
            audit.flush(10_000);
        }
        done.await();
        audit.close(); // writes what is still counted
        List<AuditEntry> rows = rows();
        long total = counted(rows).values().stream().mapToLong(Long::longValue).sum();
        assertThat(total).isEqualTo(issued.get());
        assertThat(rows.size()).as("rows for %d tokens", issued.get()).isGreaterThan(3); // several intervals
        assertThat(counted(rows))
                .containsOnlyKeys(
                        "c0 format=jwt scope=s aud=a", "c1 format=jwt scope=s aud=a", "c2 format=jwt scope=s aud=a");
    }

    @Test
    void closingWritesTheCountedTokensAndRefusesLaterOnes() {
        open("SQLite", AuditLog.IssuedTokens.SUMMARY);
        for (int i = 0; i < 7; i++) {
            audit.tokenIssued("t", "orders", "j" + i, "jwt", "orders.read", List.of("orders-api"));
        }
        audit.close();
        assertThat(counted(rows())).containsOnly(Map.entry("orders format=jwt scope=orders.read aud=orders-api", 7L));
        assertThatThrownBy(() -> audit.tokenIssued("t", "orders", "j", "jwt", "orders.read", List.of("orders-api")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void tokensAreRefusedWhileTheDatabaseRefusesTheAuditRowsAndCountedAgainAfterwards() throws Exception {
        open("SQLite", AuditLog.IssuedTokens.SUMMARY);
        db.jdbi().useHandle(h -> h.execute("ALTER TABLE audit_events RENAME TO audit_events_away"));
        long accepted = 0;
        IllegalStateException refused = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (refused == null && System.nanoTime() < deadline) {
            try {
                audit.tokenIssued("t", "orders", "j", "jwt", "orders.read", List.of("orders-api"));
                accepted++;
            } catch (IllegalStateException e) {
                refused = e;
            }
            Thread.sleep(5);
        }
        assertThat(refused)
                .as("refused once the database failed for %d ms", AuditWriter.ENQUEUE_TIMEOUT_MS)
                .isNotNull();
        assertThat(refused).hasMessageContaining("database");
        assertThat(accepted).isPositive();

        db.jdbi().useHandle(h -> h.execute("ALTER TABLE audit_events_away RENAME TO audit_events"));
        boolean again = false;
        deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!again && System.nanoTime() < deadline) {
            try {
                audit.tokenIssued("t", "orders", "j", "jwt", "orders.read", List.of("orders-api"));
                accepted++;
                again = true;
            } catch (IllegalStateException e) {
                Thread.sleep(20);
            }
        }
        assertThat(again).as("accepted again once the rows are written").isTrue();
        audit.flush(10_000);
        assertThat(counted(rows()))
                .containsOnly(Map.entry("orders format=jwt scope=orders.read aud=orders-api", accepted));
    }
}
