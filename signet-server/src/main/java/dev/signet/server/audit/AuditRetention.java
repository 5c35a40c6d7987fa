package dev.signet.server.audit;

import dev.signet.server.store.Database;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Deletes the audit events dated before a cutoff, oldest first, about {@value #PURGE_BATCH} rows
 * per statement (its own transaction) so neither database holds a long one open; every statement
 * is a range scan of the index on {@code at} (migration V5). Several nodes may purge at once: each
 * deletes what the others have not.
 */
final class AuditRetention {

    /** About how many rows one statement deletes: short transactions on a big table. */
    static final int PURGE_BATCH = 10_000;

    /*
     * Plain range conditions on the indexed column, the same SQL on SQLite and PostgreSQL. A single
     * DELETE ... WHERE id IN (SELECT ... LIMIT n) is no shorter: a database may evaluate such a
     * subquery while scanning the whole table (H2 took minutes on a million rows).
     */
    static final String PURGE_EDGE = "SELECT at FROM audit_events WHERE at < :t ORDER BY at LIMIT 1 OFFSET :skip";
    static final String PURGE_UP_TO = "DELETE FROM audit_events WHERE at <= :e";
    static final String PURGE_BEFORE = "DELETE FROM audit_events WHERE at < :t";

    private final Jdbi jdbi;

    AuditRetention(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Deletes the events before {@code before}, {@code batch} rows per statement; returns how many went. */
    long deleteOlderThan(Instant before, int batch) {
        long total = 0;
        while (true) {
            // The time of the batch-th oldest event before the cutoff: deleting up to it deletes
            // about a batch (more only where events share that instant). None: the rest is smaller.
            Optional<Instant> edge = jdbi.withHandle(h -> h.createQuery(PURGE_EDGE)
                    .bind("t", Database.ts(before))
                    .bind("skip", batch - 1)
                    .map((rs, ctx) -> Database.instant(rs, "at"))
                    .findFirst());
            if (edge.isEmpty()) {
                total += jdbi.withHandle(h -> h.createUpdate(PURGE_BEFORE)
                        .bind("t", Database.ts(before))
                        .execute());
                break;
            }
            total += jdbi.withHandle(h -> h.createUpdate(PURGE_UP_TO)
                    .bind("e", Database.ts(edge.get()))
                    .execute());
        }
        return total;
    }
}
