package dev.signet.server.keys;

import dev.signet.jose.JwsAlgorithm;
import java.util.List;
import java.util.Optional;

/** The algorithms a tenant may sign its tokens with: the one list settings, discovery and introspection use. */
public final class TenantAlgorithms {

    /** Every tenant algorithm, in the order they are listed to operators. */
    public static final List<JwsAlgorithm> ALL = List.of(
            JwsAlgorithm.RS256, JwsAlgorithm.PS256, JwsAlgorithm.ES256, JwsAlgorithm.EDDSA, JwsAlgorithm.ML_DSA_65);

    /** Their names as settings and messages list them: {@code RS256, PS256, ES256, EdDSA, ML-DSA-65}. */
    public static final String NAMES =
            String.join(", ", ALL.stream().map(JwsAlgorithm::identifier).toList());

    private TenantAlgorithms() {}

    /** The tenant algorithm of that name (exact spelling), if it is one. */
    public static Optional<JwsAlgorithm> byName(String name) {
        for (JwsAlgorithm a : ALL) {
            if (a.identifier().equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /**
     * Those the installed providers can sign with now; asked each time, because which they are is
     * known only once the crypto provider is installed (ACCP brings ML-DSA to JDK 17).
     */
    public static List<JwsAlgorithm> available() {
        return ALL.stream().filter(JwsAlgorithm::isAvailable).toList();
    }
}
