package dev.signet.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.MutableClock;
import dev.signet.server.TestDatabases;
import dev.signet.server.store.Database;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The audit log on SQLite and PostgreSQL: events kept and read newest first, written in groups, none lost at close. */
class AuditLogTest {

    private final MutableClock clock = MutableClock.startingNow();
    private AuditDb fixture;
    private Database db;
    private AuditLog audit;

    static List<String> databases() {
        return TestDatabases.kinds();
    }

    private void open(String kind) {
        fixture = new AuditDb(kind, clock, AuditLog.IssuedTokens.SUMMARY);
        db = fixture.db;
        audit = fixture.audit;
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void auditEventsAreKeptNewestFirst(String kind) {
        open(kind);
        audit.record("t", AuditEvent.CLIENT_ENABLED, "s", "d");
        clock.advance(Duration.ofSeconds(1));
        audit.record("t", AuditEvent.CLIENT_DISABLED, "s", "x".repeat(5000));
        List<AuditEntry> events = audit.recent("t", 10);
        assertThat(events).extracting(AuditEntry::type).containsExactly("client.disabled", "client.enabled");
        assertThat(events.get(0).detail()).hasSize(4000);
        assertThat(events.get(1).at()).isEqualTo(clock.instant().minusSeconds(1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void closingTheAuditLogWritesEveryQueuedEvent(String kind) {
        open(kind);
        for (int i = 0; i < 3000; i++) {
            audit.record("t", AuditEvent.TOKEN_ISSUED, "c", "n=" + i);
        }
        audit.close();
        int rows = db.jdbi()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM audit_events WHERE tenant = 't'")
                        .mapTo(Integer.class)
                        .one());
        assertThat(rows).isEqualTo(3000);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> audit.record("t", AuditEvent.CLIENT_ENABLED, "c", "d"))
                .isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void eventsArrivingSteadilyAreWrittenInGroupsNotOneByOne(String kind) throws Exception {
        open(kind);
        try {
            audit.record("t", AuditEvent.TOKEN_ISSUED, "c", "warm-up");
            audit.flush(10_000);
            long before = audit.batchesWritten();
            long t0 = System.nanoTime();
            // As on a busy server: events one at a time, a quarter of a millisecond apart. A writer
            // woken by each would commit (nearly) one transaction per event.
            for (int i = 0; i < 400; i++) {
                audit.record("t", AuditEvent.TOKEN_ISSUED, "c", "n=" + i);
                java.util.concurrent.locks.LockSupport.parkNanos(250_000);
            }
            audit.flush(10_000);
            long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
            long batches = audit.batchesWritten() - before;
            // Each batch waits AuditWriter.LINGER_MS for company, so there are at most that many per elapsed time.
            assertThat(batches)
                    .as("batches in %d ms", elapsedMs)
                    .isLessThanOrEqualTo(elapsedMs / AuditWriter.LINGER_MS + 2)
                    .isLessThan(400 / 4);
            assertThat(audit.recent("t", 1000)).hasSize(401);
        } finally {
            audit.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theAuditReadFollowsItsIndexWithoutSorting(String kind) {
        open(kind);
        String sql = AuditQuery.RECENT.replace(":tenant", "'t'");
        List<String> lines = db.jdbi().withHandle(h -> {
            if (!kind.equals("SQLite")) {
                // The table is nearly empty, so PostgreSQL would rather scan it and sort; without that
                // choice the plan shows whether the index alone gives the order.
                h.execute("SET enable_seqscan = off");
            }
            if (kind.equals("SQLite")) {
                return h.createQuery("EXPLAIN QUERY PLAN " + sql)
                        .map((rs, ctx) -> rs.getString("detail"))
                        .list();
            }
            return h.createQuery("EXPLAIN " + sql).mapTo(String.class).list();
        });
        String plan = String.join("\n", lines);
        if (kind.equals("SQLite")) {
            // A sort would show as "USE TEMP B-TREE FOR ORDER BY".
            assertThat(plan).contains("USING INDEX audit_events_by_tenant_id").doesNotContain("TEMP B-TREE");
        } else {
            assertThat(plan).contains("audit_events_by_tenant_id").doesNotContain("Sort");
        }
    }
}
