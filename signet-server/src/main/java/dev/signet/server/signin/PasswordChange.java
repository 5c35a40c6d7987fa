package dev.signet.server.signin;

import java.util.Optional;

/** Sets a new password for a user who must change theirs before signing in. */
@FunctionalInterface
public interface PasswordChange {

    /**
     * Changes the password of {@code userId}; afterwards the account no longer needs a change.
     *
     * @return empty when it was changed, else why the new password was refused (a message to show
     *     the person, e.g. too short or too common)
     */
    Optional<String> change(String tenant, String userId, String newPassword);
}
