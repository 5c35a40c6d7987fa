package dev.signet.server.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/** Writes audit events as one JSON line each on the {@code signet.audit} logger. */
final class AuditLines {

    static final Logger LOG = LoggerFactory.getLogger("signet.audit");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AuditLines() {}

    /** Whether a line for {@code event} would be written: per-token events at DEBUG, the others at INFO. */
    static boolean enabled(AuditEvent event) {
        return event.perToken() ? LOG.isDebugEnabled() : LOG.isInfoEnabled();
    }

    static void write(Instant at, String tenant, AuditEvent event, String subject, String detail) {
        if (!enabled(event)) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("at", at.toString());
        line.put("tenant", tenant);
        line.put("event", event.wireName());
        line.put("subject", subject);
        line.put("detail", detail);
        if (event.perToken()) {
            LOG.debug(JSON.writeValueAsString(line));
        } else {
            LOG.info(JSON.writeValueAsString(line));
        }
    }
}
