package dev.signet.jose;

import dev.signet.jose.JoseException.Reason;
import java.util.List;

/**
 * The rejections of a JSON serialization's entries (JWS signatures, JWE recipients): each one
 * named by its place, and the one rejection when no entry succeeds.
 */
final class JsonEntryFailures {

    private JsonEntryFailures() {}

    /** {@code e} for entry {@code i} of {@code n}: as it is when alone, else with "signature 2 of 3: " in front. */
    static JoseException numbered(JoseException e, String entry, int i, int n) {
        return n == 1 ? e : new JoseException(e.reason(), entry + " " + i + " of " + n + ": " + e.detail(), e);
    }

    /**
     * The rejection when every entry failed: a single entry's own; for several, {@code prevailing}
     * if any entry failed with it, else the reason they share, else entry 0's, with each rejection
     * attached as suppressed.
     *
     * @param entries the entries, plural ("signatures")
     * @param outcome what none of them does ("verifies")
     * @param entry one entry ("signature")
     * @param prevailing the reason that wins over the others, or null
     */
    static JoseException noneSucceeds(
            List<JoseException> failures, String entries, String outcome, String entry, Reason prevailing) {
        if (failures.size() == 1) {
            return failures.get(0);
        }
        Reason first = failures.get(0).reason();
        boolean shared = true;
        boolean prevailed = false;
        StringBuilder each = new StringBuilder();
        for (int i = 0; i < failures.size(); i++) {
            Reason r = failures.get(i).reason();
            shared &= r == first;
            prevailed |= prevailing != null && r == prevailing;
            each.append(i == 0 ? "" : ", ").append(i).append(": ").append(r);
        }
        JoseException e = new JoseException(
                prevailed ? prevailing : first,
                "none of the " + failures.size() + " "
                        + entries + " " + outcome + " (" + each + ")"
                        + (shared || prevailed ? "" : "; the reason given is " + entry + " 0's"));
        for (JoseException f : failures) {
            e.addSuppressed(f);
        }
        return e;
    }
}
