package dev.signet.server.store;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/** Audit events: one row in {@code audit_events} and one JSON line on the {@code signet.audit} logger. */
public final class AuditLog {

    /** A recorded event. */
    public record Event(long id, Instant at, String tenant, String type, String subject, String detail) {}

    private static final Logger LOG = LoggerFactory.getLogger("signet.audit");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> HIGH_VOLUME = Set.of("token.issued");

    private final Jdbi jdbi;
    private final Clock clock;

    public AuditLog(Database db, Clock clock) {
        this.jdbi = db.jdbi();
        this.clock = clock;
    }

    /** Records an event; {@code detail} must never hold a secret. */
    public void record(String tenant, String type, String subject, String detail) {
        Instant now = clock.instant();
        String d = detail != null && detail.length() > 4000 ? detail.substring(0, 4000) : detail;
        String s = subject != null && subject.length() > 256 ? subject.substring(0, 256) : subject;
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO audit_events (at, tenant, type, subject, detail)"
                        + " VALUES (:at, :tenant, :type, :subject, :detail)")
                .bind("at", Database.ts(now)).bind("tenant", tenant).bind("type", type)
                .bind("subject", s).bind("detail", d).execute());
        // One line per token would serialise every token request on the log stream: issued tokens
        // are in the table, and on the log at DEBUG; everything else is logged at INFO.
        boolean highVolume = HIGH_VOLUME.contains(type);
        if (highVolume ? LOG.isDebugEnabled() : LOG.isInfoEnabled()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("at", now.toString());
            line.put("tenant", tenant);
            line.put("event", type);
            line.put("subject", s);
            line.put("detail", d);
            if (highVolume) {
                LOG.debug(JSON.writeValueAsString(line));
            } else {
                LOG.info(JSON.writeValueAsString(line));
            }
        }
    }

    /** The latest events of a tenant, newest first. */
    public List<Event> recent(String tenant, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, at, tenant, type, subject, detail FROM audit_events"
                        + " WHERE tenant = :tenant ORDER BY id DESC")
                .bind("tenant", tenant)
                .setMaxRows(limit)
                .map((rs, ctx) -> new Event(rs.getLong("id"), Database.instant(rs, "at"), rs.getString("tenant"),
                        rs.getString("type"), rs.getString("subject"), rs.getString("detail")))
                .list());
    }
}
