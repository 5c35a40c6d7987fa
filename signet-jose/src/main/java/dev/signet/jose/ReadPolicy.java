package dev.signet.jose;

import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.internal.json.Json;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a verifier or decrypter accepts from an untrusted token before any key is used: its
 * length, its JSON nesting depth, the number of entries of its JSON serialization, and the
 * {@code crit} names its caller understands. The builders of {@link JwsVerifier} and
 * {@link JweDecrypter} collect it here, so each setting is checked one way.
 */
final class ReadPolicy {

    /** Deeper documents would overflow the thread's stack: the parser recurses once per level. */
    private static final int MAX_JSON_DEPTH = 1000;

    private static final int MAX_JSON_ENTRIES = 1000;

    /** The builder setting that bounds the entries: {@code maxJsonSignatures}, {@code maxJsonRecipients}. */
    private final String entriesSetting;

    int maxLength;
    int maxDepth = Json.DEFAULT_MAX_DEPTH;
    int maxEntries;
    final Set<String> understood = new HashSet<>();

    ReadPolicy(int defaultMaxLength, String entriesSetting, int defaultMaxEntries) {
        this.maxLength = defaultMaxLength;
        this.entriesSetting = entriesSetting;
        this.maxEntries = defaultMaxEntries;
    }

    /** A maximum token length in characters; at least 16. */
    void maxTokenLength(int chars) {
        if (chars < 16) {
            throw new IllegalArgumentException("maxTokenLength too small: " + chars);
        }
        this.maxLength = chars;
    }

    /** A maximum JSON nesting depth; between 1 and {@value #MAX_JSON_DEPTH}. */
    void maxJsonDepth(int depth) {
        if (depth < 1 || depth > MAX_JSON_DEPTH) {
            throw new IllegalArgumentException("maxJsonDepth must be between 1 and 1000");
        }
        this.maxDepth = depth;
    }

    /** A maximum number of signatures or recipients in a JSON serialization; between 1 and 1000. */
    void maxJsonEntries(int count) {
        if (count < 1 || count > MAX_JSON_ENTRIES) {
            throw new IllegalArgumentException(entriesSetting + " must be between 1 and 1000");
        }
        this.maxEntries = count;
    }

    /** Header names the caller processes itself, so {@code crit} may list them. */
    void understand(String... names) {
        understood.addAll(List.of(names));
    }

    /** An allowlist of algorithms; never empty: one that accepts nothing is a mistake, found at build time. */
    static <A extends Enum<A>> EnumSet<A> allowlist(Collection<A> algorithms, String what) {
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("the " + what + " allowlist cannot be empty");
        }
        return EnumSet.copyOf(algorithms);
    }

    /**
     * Refuses a header whose {@code crit} lists a name outside {@code understood} (RFC 7515
     * §4.1.11, RFC 7516 §4.1.13); {@code reader} ("verifier", "decrypter") is who does not understand it.
     */
    static void checkCritical(List<String> critical, Set<String> understood, String reader) throws JoseException {
        for (String c : critical) {
            if (!understood.contains(c)) {
                throw new JoseException(
                        Reason.CRIT_NOT_UNDERSTOOD,
                        "crit lists \"" + UntrustedText.printable(c) + "\", which this " + reader
                                + " does not understand");
            }
        }
    }
}
