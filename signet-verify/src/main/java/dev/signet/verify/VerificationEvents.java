package dev.signet.verify;

import java.net.URI;

/**
 * What a verifier and its key sets report as they work, for metrics and logs: outcomes by issuer
 * and stable reason, answers from the verified-token cache, fetches of key sets and their
 * failures. Never token contents: an issuer is reported only when it is a configured one.
 *
 * <p>Methods are called on the verifying (or fetching) thread and must return quickly; every
 * method does nothing unless overridden. {@code dev.signet.verify.micrometer} records them as
 * Micrometer counters.
 */
public interface VerificationEvents {

    /** Reports nothing. */
    VerificationEvents NONE = new VerificationEvents() {};

    /**
     * A token was accepted.
     *
     * @param issuer the configured issuer it came from
     * @param fromCache answered by the verified-token cache, without checking the signature again
     */
    default void accepted(String issuer, boolean fromCache) {}

    /**
     * A token was refused.
     *
     * @param issuer the configured issuer the token names, or null when it names none that is trusted
     */
    default void rejected(String issuer, TokenRejected.Reason reason) {}

    /** A fetch of the key set at {@code uri} succeeded. */
    default void keysFetched(URI uri) {}

    /**
     * A fetch of the key set at {@code uri} failed (the host did not answer, answered badly or too
     * slowly); {@code refused} when it was not even started (too many fetches in flight).
     */
    default void keysFetchFailed(URI uri, boolean refused) {}
}
