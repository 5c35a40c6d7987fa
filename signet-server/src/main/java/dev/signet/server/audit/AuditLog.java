package dev.signet.server.audit;

import dev.signet.server.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The audit log: what the rest of the server records audit events through, reads them back with,
 * and purges them by. Each event becomes one row in {@code audit_events} (written in batches by the
 * {@link AuditWriter}) and one JSON line on the {@code signet.audit} logger.
 *
 * <p>Issued tokens ({@link #tokenIssued}) are by default not a row each but counted in memory
 * ({@link IssuedTokenTally}) and written once a second as one {@code token.issued.summary} row per
 * tenant, client, format, scope and audiences ({@link IssuedTokens#SUMMARY}): a row per token made
 * the table grow by about 350 bytes per token, without limit (30 GB a day at 1,000 tokens/s), and on
 * the embedded database it cost 8-39% of the server's throughput and 31-39 MB of its memory under
 * load (docs/benchmarks.md). {@link IssuedTokens#EACH} keeps a row per token.
 */
public final class AuditLog implements AutoCloseable {

    /** How issued tokens are recorded ({@code audit.issued-tokens}). */
    public enum IssuedTokens {
        /** One {@code token.issued.summary} row per tenant, client, format, scope and audiences each second. */
        SUMMARY,
        /** One {@code token.issued} row per token, with its {@code jti}. */
        EACH
    }

    private final Clock clock;
    private final IssuedTokens issuedTokens;
    private final IssuedTokenTally tally = new IssuedTokenTally();
    private final AuthenticationFailureTally failures = new AuthenticationFailureTally();
    private final AuthenticationFailureTally signInFailures =
            new AuthenticationFailureTally(AuditEvent.USER_SIGN_IN_FAILED_SUMMARY);
    private final AuditWriter writer;
    private final AuditQuery query;
    private final AuditRetention retention;

    /** An audit log that summarises issued tokens ({@link IssuedTokens#SUMMARY}, the default). */
    public AuditLog(Database db, Clock clock) {
        this(db, clock, IssuedTokens.SUMMARY);
    }

    public AuditLog(Database db, Clock clock, IssuedTokens issuedTokens) {
        this.clock = clock;
        this.issuedTokens = issuedTokens;
        this.writer = new AuditWriter(db.jdbi(), tally, failures, signInFailures);
        this.query = new AuditQuery(db.jdbi());
        this.retention = new AuditRetention(db.jdbi());
    }

    /**
     * Records an event as a row of its own; {@code detail} must never hold a secret.
     *
     * @throws IllegalStateException when the log is closed or cannot keep up: the caller's action is
     *     refused rather than done unaudited
     */
    public void record(String tenant, AuditEvent event, String subject, String detail) {
        AuditEntry e = AuditEntry.of(clock.instant(), tenant, event, subject, detail);
        writer.enqueue(e);
        AuditLines.write(e.at(), tenant, event, e.subject(), e.detail());
    }

    /**
     * Records a failed client authentication: the first of its tenant, client id and reason in a
     * second as a {@code client.authentication_failed} row of its own (detail: the reason), the rest
     * of that second counted into one {@code client.authentication_failed.summary} row
     * ({@link AuthenticationFailureTally}), so an attacker's failures cannot grow the table and the
     * log stream one row and one line each.
     *
     * @param subject the presented client id, already made printable if it could not name a client
     * @throws IllegalStateException as {@link #record} does
     */
    public void authenticationFailed(String tenant, String subject, String reason) {
        writer.requireAccepting();
        AuditEntry e = AuditEntry.of(clock.instant(), tenant, AuditEvent.CLIENT_AUTHENTICATION_FAILED, subject, reason);
        AuthenticationFailureTally.Key first = failures.count(e.at(), tenant, e.subject(), e.detail());
        if (first != null) {
            record(tenant, AuditEvent.CLIENT_AUTHENTICATION_FAILED, first.subject(), first.reason());
        }
    }

    /**
     * Records a failed user sign-in (a password or a second factor), summarised as client
     * authentication failures are: the first of its tenant, subject and reason in a second is a
     * {@code user.sign_in_failed} row, the rest of that second one {@code user.sign_in_failed.summary} row.
     *
     * @param subject the user's id, or null when the username named nobody (attacker-chosen text is not kept)
     * @throws IllegalStateException as {@link #record} does
     */
    public void signInFailed(String tenant, String subject, String reason) {
        writer.requireAccepting();
        AuditEntry e = AuditEntry.of(clock.instant(), tenant, AuditEvent.USER_SIGN_IN_FAILED, subject, reason);
        AuthenticationFailureTally.Key first = signInFailures.count(e.at(), tenant, e.subject(), e.detail());
        if (first != null) {
            record(tenant, AuditEvent.USER_SIGN_IN_FAILED, first.subject(), first.reason());
        }
    }

    /**
     * Records an issued access token: a {@code token.issued} row of its own ({@link IssuedTokens#EACH}),
     * or counted into the next {@code token.issued.summary} row of its tenant, client, format, scope
     * and audiences ({@link IssuedTokens#SUMMARY}). Either way the token is logged at DEBUG.
     *
     * @throws IllegalStateException when the log is closed, or (summary) when the database has refused
     *     the audit rows for longer than the writer waits for room: a token whose issue cannot be
     *     recorded is refused, as in {@link #record}
     */
    public void tokenIssued(
            String tenant, String clientId, String jti, String format, String scope, List<String> audiences) {
        String aud = String.join(",", audiences);
        if (issuedTokens == IssuedTokens.EACH) {
            record(tenant, AuditEvent.TOKEN_ISSUED, clientId, issuedDetail(jti, format, scope, aud));
            return;
        }
        writer.requireAccepting();
        Instant now = clock.instant();
        tally.count(now, tenant, clientId, format, scope, aud);
        if (AuditLines.enabled(AuditEvent.TOKEN_ISSUED)) {
            AuditLines.write(now, tenant, AuditEvent.TOKEN_ISSUED, clientId, issuedDetail(jti, format, scope, aud));
        }
    }

    /** The detail of one issued token ({@code token.issued}: its row in each mode, its DEBUG line). */
    private static String issuedDetail(String jti, String format, String scope, String audiences) {
        return "jti=" + jti + " format=" + format + " scope=" + scope + " aud=" + audiences;
    }

    /**
     * Waits until every event recorded before this call is in the database (or the timeout passes);
     * issued tokens counted so far are written as summary rows now rather than at the next interval.
     */
    public void flush(long timeoutMillis) {
        writer.flush(timeoutMillis);
    }

    /** The latest events of a tenant, newest first (after the events recorded so far are written). */
    public List<AuditEntry> recent(String tenant, int limit) {
        writer.flush(AuditWriter.CLOSE_TIMEOUT_MS);
        return query.recent(tenant, limit);
    }

    /**
     * Deletes the events dated before {@code before} ({@link AuditRetention}) and, when it deleted
     * any, records an {@code audit.purged} event saying how many and why.
     *
     * @param reason the setting behind the cutoff, for the {@code audit.purged} event
     * @return how many events were deleted
     */
    public long purgeOlderThan(Instant before, String reason) {
        return purgeOlderThan(before, reason, AuditRetention.PURGE_BATCH);
    }

    long purgeOlderThan(Instant before, String reason, int batch) {
        long total = retention.deleteOlderThan(before, batch);
        if (total > 0) {
            record(null, AuditEvent.AUDIT_PURGED, null, total + " events dated before " + before + " (" + reason + ")");
        }
        return total;
    }

    /** How many batches (transactions) the writer has written so far. */
    long batchesWritten() {
        return writer.batchesWritten();
    }

    /** Stops accepting events and writes every queued one (graceful stop: nothing is lost). */
    @Override
    public void close() {
        writer.close();
    }
}
