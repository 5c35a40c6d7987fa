package dev.signet.server.audit;

import java.time.Instant;

/**
 * One audit event as stored: a row of {@code audit_events}. {@code type} is the event's
 * {@linkplain AuditEvent#wireName() wire name}; {@code id} is 0 until the database assigns one.
 */
public record AuditEntry(long id, Instant at, String tenant, String type, String subject, String detail) {

    /** The widths of the {@code detail} and {@code subject} columns (migration V1). */
    static final int MAX_DETAIL = 4000;

    static final int MAX_SUBJECT = 256;

    /** A new entry, its subject and detail cut to their columns' widths; {@code detail} must never hold a secret. */
    static AuditEntry of(Instant at, String tenant, AuditEvent event, String subject, String detail) {
        return new AuditEntry(0, at, tenant, event.wireName(), clip(subject, MAX_SUBJECT), clip(detail, MAX_DETAIL));
    }

    /** {@code text} cut to {@code max} characters; null stays null. */
    private static String clip(String text, int max) {
        return text != null && text.length() > max ? text.substring(0, max) : text;
    }
}
