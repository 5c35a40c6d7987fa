package dev.signet.server.oauth;

/** Ends what a sign-in session handed out: its refresh tokens (called at logout). */
@FunctionalInterface
public interface SessionRevocation {

    /** Revokes every refresh token issued under session {@code sid}; returns how many families were revoked. */
    int revokeSession(String tenant, String sid, String reason);
}
