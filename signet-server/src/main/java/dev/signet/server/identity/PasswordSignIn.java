package dev.signet.server.identity;

import java.time.Duration;

/**
 * Checks a username and password, with the account's state and the throttling rules, before
 * anything is signed. An unknown user and a wrong password are answered alike, in the same time.
 */
@FunctionalInterface
public interface PasswordSignIn {

    /** What became of one sign-in attempt. */
    enum Outcome {
        /** Username and password match an enabled account. */
        ACCEPTED,
        /** They match, but the account must choose a new password before it may go on. */
        PASSWORD_CHANGE_REQUIRED,
        /** Unknown user, wrong password, disabled or locked account: the same answer for all. */
        REFUSED,
        /** Too many failures for this account or address: refused before the password is hashed. */
        THROTTLED
    }

    /**
     * The result: {@code user} is set for {@link Outcome#ACCEPTED} and
     * {@link Outcome#PASSWORD_CHANGE_REQUIRED} only; {@code retryAfter} for {@link Outcome#THROTTLED}.
     */
    record Result(Outcome outcome, UserAccount user, Duration retryAfter) {}

    /**
     * One attempt.
     *
     * @param clientAddress the address the attempt came from (per-address throttling)
     */
    Result signIn(String tenant, String username, String password, String clientAddress);
}
