package dev.signet.server.audit;

/**
 * Every kind of audit event the server records, each with the stable name it is stored and shown
 * under ({@code audit_events.type}, the admin audit API, the {@code signet.audit} log): a reader
 * can list them all here, and a typo cannot invent one. The names are a wire format: never rename one.
 */
public enum AuditEvent {

    /** One issued access token ({@code audit.issued-tokens=each}). */
    TOKEN_ISSUED("token.issued", true),
    /** The access tokens issued in one second to one client with one format, scope and audiences. */
    TOKEN_ISSUED_SUMMARY("token.issued.summary", false),
    TOKEN_REVOKED("token.revoked", false),
    CLIENT_AUTHENTICATION_FAILED("client.authentication_failed", false),
    /** The failures of one tenant, client id and reason in one second after the first (which has its own row). */
    CLIENT_AUTHENTICATION_FAILED_SUMMARY("client.authentication_failed.summary", false),
    CLIENT_REGISTERED("client.registered", false),
    CLIENT_SECRET_ROTATED("client.secret_rotated", false),
    CLIENT_ENABLED("client.enabled", false),
    CLIENT_DISABLED("client.disabled", false),
    TENANT_CREATED("tenant.created", false),
    /** The bootstrap section created or changed a tenant or a client. */
    CONFIG_APPLIED("config.applied", false),
    KEY_GENERATED("key.generated", false),
    KEY_ACTIVATED("key.activated", false),
    KEY_RETIRED("key.retired", false),
    KEY_REMOVED("key.removed", false),
    KEY_REVOKED("key.revoked", false),
    /** A user sign-in (password or second factor) failed or was throttled; detail: the reason. */
    USER_SIGN_IN_FAILED("user.sign_in_failed", false),
    /** The sign-in failures of one tenant, user and reason in one second after the first (which has its own row). */
    USER_SIGN_IN_FAILED_SUMMARY("user.sign_in_failed.summary", false),
    /** An account reached the failure limit and is locked for a while. */
    USER_LOCKED("user.locked", false),
    USER_CREATED("user.created", false),
    USER_DISABLED("user.disabled", false),
    USER_ENABLED("user.enabled", false),
    USER_UNLOCKED("user.unlocked", false),
    USER_PASSWORD_CHANGED("user.password_changed", false),
    /** An admin reset the password: a temporary one, a forced change, or a one-time link. */
    USER_PASSWORD_RESET("user.password_reset", false),
    USER_MFA_ENROLLED("user.mfa_enrolled", false),
    USER_MFA_RESET("user.mfa_reset", false),
    /** A consumed refresh token was presented again: possible theft; its whole family was revoked. */
    REFRESH_TOKEN_REUSED("refresh_token.reused", false),
    /** Refresh-token families revoked: by /revoke, at logout, or after a credential change. */
    REFRESH_TOKENS_REVOKED("refresh_token.revoked", false),
    /** A redeemed authorization code was presented again; what was issued with it was revoked. */
    AUTHORIZATION_CODE_REPLAYED("authorization_code.replayed", false),
    /** Retention deleted old events. */
    AUDIT_PURGED("audit.purged", false);

    private final String wireName;
    private final boolean perToken;

    AuditEvent(String wireName, boolean perToken) {
        this.wireName = wireName;
        this.perToken = perToken;
    }

    /** The name it is stored and shown under, e.g. {@code key.generated}. */
    public String wireName() {
        return wireName;
    }

    /**
     * One per token request: logged at DEBUG, since a line per token would serialise every token
     * request on the log stream; everything else, summaries included, at INFO.
     */
    boolean perToken() {
        return perToken;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
