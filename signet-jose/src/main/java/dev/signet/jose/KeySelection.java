package dev.signet.jose;

import dev.signet.jose.JoseException.Reason;
import java.util.List;

/**
 * The outcome of choosing a token's keys by {@code kid} and fit: no key, no fitting key, or an ambiguous {@code kid}.
 */
final class KeySelection {

    private KeySelection() {}

    /**
     * Refuses a selection that left no key to try, or several under one {@code kid}.
     *
     * @param fitting the keys that fit, in key source order
     * @param kid the header's {@code kid}, or null
     * @param kidMatches how many keys matched the {@code kid} (all keys without one)
     * @param firstMismatch why the first of those keys did not fit, or null
     * @param operation what the keys would do ("verify", "decrypt")
     * @param alg the header's algorithm
     */
    static void check(List<Jwk> fitting, String kid, int kidMatches, String firstMismatch, String operation, String alg)
            throws JoseException {
        if (fitting.isEmpty()) {
            if (kidMatches > 0) {
                throw new JoseException(
                        Reason.ALG_NOT_ALLOWED,
                        firstMismatch + (kid != null ? " (kid \"" + UntrustedText.printable(kid) + "\")" : ""));
            }
            throw new JoseException(
                    Reason.KEY_NOT_FOUND,
                    kid != null
                            ? "no key with kid \"" + UntrustedText.printable(kid) + "\" in the key source"
                            : "the key source has no keys");
        }
        if (kid != null && fitting.size() > 1) {
            // RFC 7517 §4.5: keys of one type in a set should have distinct kids; two that could
            // both serve leave the sender ambiguous.
            throw new JoseException(
                    Reason.KEY_REJECTED,
                    fitting.size() + " keys share kid \"" + UntrustedText.printable(kid) + "\" and could " + operation
                            + " " + alg + "; the key set is ambiguous");
        }
    }
}
