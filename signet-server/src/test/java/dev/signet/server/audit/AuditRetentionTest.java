package dev.signet.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.MutableClock;
import dev.signet.server.TestDatabases;
import dev.signet.server.store.Database;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code audit.retention}: {@link AuditLog#purgeOlderThan} deletes old events and only those, and says so. */
class AuditRetentionTest {

    private final MutableClock clock = MutableClock.startingNow();
    private AuditDb fixture;
    private AuditLog audit;

    static List<String> databases() {
        return TestDatabases.kinds();
    }

    private void open(String kind) {
        fixture = new AuditDb(kind, clock, AuditLog.IssuedTokens.SUMMARY);
        audit = fixture.audit;
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private List<String> subjects() {
        return fixture.events(AuditEvent.CLIENT_DISABLED).stream()
                .map(AuditEntry::subject)
                .toList();
    }

    private List<AuditEntry> purgeEvents() {
        return fixture.events(AuditEvent.AUDIT_PURGED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void deletesTheEventsBeforeTheCutoffInBatchesAndRecordsHowMany(String kind) {
        open(kind);
        // 25 old events, one at the cutoff itself, 5 newer; recorded in time order like the server does.
        for (int i = 0; i < 25; i++) {
            audit.record("t", AuditEvent.CLIENT_DISABLED, "old-" + i, null);
            clock.advance(Duration.ofMinutes(1));
        }
        Instant cutoff = clock.instant();
        audit.record("t", AuditEvent.CLIENT_DISABLED, "at-cutoff", null);
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMinutes(1));
            audit.record("t", AuditEvent.CLIENT_DISABLED, "new-" + i, null);
        }
        audit.flush(AuditWriter.CLOSE_TIMEOUT_MS);

        // A batch of 10 needs three statements for 25 rows, the last one short.
        long deleted = audit.purgeOlderThan(cutoff, "audit.retention=90d", 10);

        assertThat(deleted).isEqualTo(25);
        assertThat(subjects()).containsExactly("at-cutoff", "new-0", "new-1", "new-2", "new-3", "new-4");
        List<AuditEntry> purged = purgeEvents();
        assertThat(purged).hasSize(1);
        assertThat(purged.get(0).tenant()).isNull();
        assertThat(purged.get(0).detail()).isEqualTo("25 events dated before " + cutoff + " (audit.retention=90d)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aBatchThatEndsExactlyAtTheLastOldRowStillStops(String kind) {
        open(kind);
        for (int i = 0; i < 20; i++) {
            audit.record("t", AuditEvent.CLIENT_DISABLED, "old-" + i, null);
        }
        clock.advance(Duration.ofSeconds(1));
        audit.record("t", AuditEvent.CLIENT_DISABLED, "kept", null);
        audit.flush(AuditWriter.CLOSE_TIMEOUT_MS);

        assertThat(audit.purgeOlderThan(clock.instant(), "r", 10)).isEqualTo(20);
        assertThat(subjects()).containsExactly("kept");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void nothingOldMeansNothingDeletedAndNoEvent(String kind) {
        open(kind);
        audit.record("t", AuditEvent.CLIENT_DISABLED, "recent", null);
        audit.flush(AuditWriter.CLOSE_TIMEOUT_MS);

        assertThat(audit.purgeOlderThan(clock.instant().minus(Duration.ofDays(90)), "r"))
                .isZero();
        assertThat(subjects()).containsExactly("recent");
        assertThat(purgeEvents()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void everyPurgeStatementIsARangeScanOfTheIndexOnTime(String kind) {
        open(kind);
        for (String sql : List.of(AuditRetention.PURGE_EDGE, AuditRetention.PURGE_UP_TO, AuditRetention.PURGE_BEFORE)) {
            String plan = fixture.db.jdbi().inTransaction(h -> {
                if (!kind.equals("SQLite")) {
                    // PostgreSQL scans an empty table sequentially whatever its indexes: take that choice away.
                    h.execute("SET LOCAL enable_seqscan = off");
                }
                boolean sqlite = kind.equals("SQLite");
                return h.createQuery((sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + sql)
                        .bind("t", Database.ts(clock.instant()))
                        .bind("e", Database.ts(clock.instant()))
                        .bind("skip", 9)
                        .map((rs, ctx) -> sqlite ? rs.getString("detail") : rs.getString(1))
                        .list()
                        .toString();
            });
            // SQLite: "SEARCH audit_events USING COVERING INDEX audit_events_by_at (at<?)"; a full
            // scan would be "SCAN audit_events". PostgreSQL: an index scan, not "Seq Scan".
            assertThat(plan)
                    .as(sql)
                    .containsIgnoringCase("audit_events_by_at")
                    .doesNotContainIgnoringCase("SCAN audit_events")
                    .doesNotContainIgnoringCase("Seq Scan");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void eventsSharingTheEdgeInstantAreDeletedTogether(String kind) {
        open(kind);
        // 12 events at one instant, then 3 later ones, all before the cutoff; a batch of 5 ends inside
        // the 12, so the first statement takes all 12 (a bigger batch), the rest the other 3.
        for (int i = 0; i < 12; i++) {
            audit.record("t", AuditEvent.CLIENT_DISABLED, "same-" + i, null);
        }
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(1));
            audit.record("t", AuditEvent.CLIENT_DISABLED, "later-" + i, null);
        }
        clock.advance(Duration.ofSeconds(1));
        audit.record("t", AuditEvent.CLIENT_DISABLED, "kept", null);
        audit.flush(AuditWriter.CLOSE_TIMEOUT_MS);

        assertThat(audit.purgeOlderThan(clock.instant(), "r", 5)).isEqualTo(15);
        assertThat(subjects()).containsExactly("kept");
    }
}
