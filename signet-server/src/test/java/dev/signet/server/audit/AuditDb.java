package dev.signet.server.audit;

import dev.signet.server.TestDatabases;
import dev.signet.server.store.Database;
import java.time.Clock;
import java.util.List;

/** A fresh database of one kind (SQLite or PostgreSQL) with tenant {@code t} and an audit log on it. */
final class AuditDb implements AutoCloseable {

    final Database db;
    final AuditLog audit;

    AuditDb(String kind, Clock clock, AuditLog.IssuedTokens mode) {
        db = TestDatabases.openWithTenant(kind, 2, clock.instant());
        audit = new AuditLog(db, clock, mode);
    }

    /** Every written event of one type, oldest first (after the events recorded so far are written). */
    List<AuditEntry> events(AuditEvent type) {
        audit.flush(AuditWriter.CLOSE_TIMEOUT_MS);
        return db.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT id, at, tenant, type, subject, detail FROM audit_events WHERE type = :type"
                                        + " ORDER BY id")
                        .bind("type", type.wireName())
                        .map((rs, ctx) -> new AuditEntry(
                                rs.getLong("id"),
                                Database.instant(rs, "at"),
                                rs.getString("tenant"),
                                rs.getString("type"),
                                rs.getString("subject"),
                                rs.getString("detail")))
                        .list());
    }

    @Override
    public void close() {
        audit.close();
        db.close();
    }
}
