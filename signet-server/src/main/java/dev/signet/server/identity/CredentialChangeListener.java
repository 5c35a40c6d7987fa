package dev.signet.server.identity;

/**
 * Told when a user's credentials or standing change in a way that must end what they hold: a
 * password change or reset, a second factor reset, the account disabled. Refresh tokens and
 * sign-in sessions listen and revoke. Called after the change has committed.
 */
@FunctionalInterface
public interface CredentialChangeListener {

    /**
     * Called once the change to user {@code userId} of {@code tenant} has committed.
     *
     * @param reason what changed, for the audit trail (e.g. {@code password_reset})
     */
    void credentialsChanged(String tenant, String userId, String reason);
}
