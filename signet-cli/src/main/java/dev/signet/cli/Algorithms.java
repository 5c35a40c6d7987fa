package dev.signet.cli;

import dev.signet.jose.JwsAlgorithm;
import java.util.ArrayList;
import java.util.List;

/** JWS algorithm names on the command line: exact {@code alg} values, case-insensitively. */
final class Algorithms {

    private Algorithms() {
    }

    /** The algorithm named {@code name}; usage failure listing the valid names otherwise. */
    static JwsAlgorithm named(String name) {
        JwsAlgorithm exact = JwsAlgorithm.fromIdentifier(name);
        if (exact != null) {
            return exact;
        }
        for (JwsAlgorithm a : JwsAlgorithm.values()) {
            if (a.identifier().equalsIgnoreCase(name)) {
                return a;
            }
        }
        if (name.equalsIgnoreCase("none")) {
            throw CommandFailure.usage("alg none signs nothing; signet never produces or accepts it");
        }
        throw CommandFailure.usage("unknown algorithm '" + name + "'; choose one of " + String.join(", ", all()));
    }

    /** The algorithm, checked to be usable with the installed providers. */
    static JwsAlgorithm available(String name) {
        JwsAlgorithm alg = named(name);
        if (!alg.isAvailable()) {
            throw CommandFailure.usage(alg.identifier() + " is not available with this Java runtime and crypto"
                    + " provider (ES256K needs ACCP; ML-DSA needs JDK 24+ or ACCP; see 'signet version')");
        }
        return alg;
    }

    static List<String> all() {
        List<String> names = new ArrayList<>();
        for (JwsAlgorithm a : JwsAlgorithm.values()) {
            names.add(a.identifier());
        }
        return names;
    }
}
