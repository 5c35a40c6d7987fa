package dev.signet.cli.token;

import dev.signet.cli.io.CommandFailure;
import dev.signet.jose.ContentEncryption;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.JwsAlgorithm;
import java.util.ArrayList;
import java.util.List;

/** JWS and JWE algorithm names on the command line: exact {@code alg}/{@code enc} values, case-insensitively. */
final class Algorithms {

    private Algorithms() {}

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
    /** The JWE key management algorithm ({@code alg}) named {@code name}, or null when it names none. */
    static JweAlgorithm keyManagementOrNull(String name) {
        JweAlgorithm exact = JweAlgorithm.fromIdentifier(name);
        if (exact != null) {
            return exact;
        }
        for (JweAlgorithm a : JweAlgorithm.values()) {
            if (a.identifier().equalsIgnoreCase(name)) {
                return a;
            }
        }
        return null;
    }

    /** The JWE key management algorithm named {@code name}; usage failure listing the valid names otherwise. */
    static JweAlgorithm keyManagement(String name) {
        JweAlgorithm a = keyManagementOrNull(name);
        if (a != null) {
            return a;
        }
        List<String> names = new ArrayList<>();
        for (JweAlgorithm k : JweAlgorithm.values()) {
            names.add(k.identifier());
        }
        String hint = JwsAlgorithm.fromIdentifier(name) != null || name.equalsIgnoreCase("none")
                ? " (" + name + " is a signing algorithm; encryption takes a key management algorithm)"
                : "";
        throw CommandFailure.usage("unknown key management algorithm '" + name + "'" + hint + "; choose one of "
                + String.join(", ", names));
    }

    /** The JWE content encryption ({@code enc}) named {@code name}; usage failure listing the valid names otherwise. */
    static ContentEncryption contentEncryption(String name) {
        ContentEncryption exact = ContentEncryption.fromIdentifier(name);
        if (exact != null) {
            return exact;
        }
        List<String> names = new ArrayList<>();
        for (ContentEncryption e : ContentEncryption.values()) {
            if (e.identifier().equalsIgnoreCase(name)) {
                return e;
            }
            names.add(e.identifier());
        }
        throw CommandFailure.usage(
                "unknown content encryption '" + name + "'; choose one of " + String.join(", ", names));
    }
}
