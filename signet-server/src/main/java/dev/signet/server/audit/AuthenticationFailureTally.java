package dev.signet.server.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Folds repeated client authentication failures into summaries: per tenant, presented client id
 * and reason, the first failure of each {@linkplain AuditWriter#SUMMARY_INTERVAL_MS interval} is a
 * {@code client.authentication_failed} row of its own, and the ones after it in that interval are
 * counted into one {@code client.authentication_failed.summary} row.
 *
 * <p>A row per failure let one attacker add 23.5 MB to the table and 18.5 MB to the log in 15 s.
 * The ids an attacker presents are his to choose, so the distinct keys of one interval are bounded
 * too ({@link #MAX_KEYS}): failures beyond them are counted per tenant under one key with no subject.
 * So a second adds at most 2 × ({@value #MAX_KEYS} + tenants) rows, however many failures it had.
 */
final class AuthenticationFailureTally {

    /** Distinct (tenant, client id, reason) keys counted in one interval before the rest share one per tenant. */
    static final int MAX_KEYS = 32;

    /** The reason of the shared key, for failures beyond {@link #MAX_KEYS} distinct keys in an interval. */
    static final String OVERFLOW_REASON =
            "more than " + MAX_KEYS + " distinct clients and reasons failed in one second; counted together";

    /** What failures are counted by; the subject is null in the shared key of a tenant. */
    record Key(String tenant, String subject, String reason) {}

    /** Failures counted under one key since its first (which had a row of its own); changed only inside compute. */
    private static final class Tally {
        long count;
        Instant first;
        Instant last;
    }

    private final ConcurrentHashMap<Key, Tally> tallies = new ConcurrentHashMap<>();
    private final AuditEvent summaryEvent;

    /** A tally of failed client authentications. */
    AuthenticationFailureTally() {
        this(AuditEvent.CLIENT_AUTHENTICATION_FAILED_SUMMARY);
    }

    /** A tally whose summaries are {@code summaryEvent} rows (client authentications, or user sign-ins). */
    AuthenticationFailureTally(AuditEvent summaryEvent) {
        this.summaryEvent = summaryEvent;
    }

    /** The event its summary rows are. */
    AuditEvent summaryEvent() {
        return summaryEvent;
    }

    /**
     * Counts one failure. Returns its key when it is the first of that key in this interval, to be
     * recorded as a row of its own (the key may be the tenant's shared one), else null.
     */
    Key count(Instant now, String tenant, String subject, String reason) {
        Key key = new Key(tenant, subject, reason);
        if (tallies.size() >= MAX_KEYS && !tallies.containsKey(key)) {
            key = new Key(tenant, null, OVERFLOW_REASON);
        }
        boolean[] first = {false};
        Key counted = key;
        tallies.compute(counted, (k, t) -> {
            if (t == null) {
                first[0] = true;
                return new Tally();
            }
            t.count++;
            if (t.first == null) {
                t.first = now;
            }
            if (t.last == null || now.isAfter(t.last)) {
                t.last = now;
            }
            return t;
        });
        return first[0] ? counted : null;
    }

    /**
     * Ends the interval: every key is forgotten, and those with failures after their first become
     * summary entries, dated at their last failure, with {@code count} the failures not in a row of their own.
     */
    List<AuditEntry> takeSummaries() {
        List<AuditEntry> out = new ArrayList<>();
        for (Key k : tallies.keySet()) {
            Tally t = tallies.remove(k);
            if (t == null || t.count == 0) {
                continue;
            }
            String detail = "count=" + t.count + " first=" + t.first + " reason=" + k.reason();
            out.add(AuditEntry.of(t.last, k.tenant(), summaryEvent, k.subject(), detail));
        }
        return out;
    }
}
