package dev.signet.server.audit;

import dev.signet.server.store.Database;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Reads a tenant's latest audit events, newest first. */
final class AuditQuery {

    /**
     * A tenant's events, newest first, in the order of the index on (tenant, id DESC) (migration V4),
     * so neither database sorts: {@code tenant} in the ORDER BY is constant, but without it a
     * planner may not see that the index already has the order (H2 did not).
     */
    static final String RECENT = "SELECT id, at, tenant, type, subject, detail FROM audit_events"
            + " WHERE tenant = :tenant ORDER BY tenant, id DESC";

    private final Jdbi jdbi;

    AuditQuery(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    List<AuditEntry> recent(String tenant, int limit) {
        return jdbi.withHandle(h -> h.createQuery(RECENT)
                .bind("tenant", tenant)
                .setMaxRows(limit)
                .map((rs, ctx) -> new AuditEntry(
                        rs.getLong("id"),
                        Database.instant(rs, "at"),
                        rs.getString("tenant"),
                        rs.getString("type"),
                        rs.getString("subject"),
                        rs.getString("detail")))
                .list());
    }
}
