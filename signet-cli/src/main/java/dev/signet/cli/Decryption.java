package dev.signet.cli;

import dev.signet.jose.ContentEncryption;
import dev.signet.jose.DecryptionKeySource;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.JweDecrypter;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.KeyType;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The JWE decrypter of {@code decrypt} and {@code verify --decrypt-key}: the recipient's keys and
 * the {@code alg}/{@code enc} allowlists, from the options or from the keys themselves.
 */
final class Decryption {

    private Decryption() {
    }

    /**
     * A decrypter for {@code keys}. The {@code alg} allowlist is {@code algNames} when given, else
     * each key's {@code alg}, else the algorithms that fit the key's type and size (never PBES2 nor
     * RSA1_5: those are named with {@code --alg}); the {@code enc} allowlist is {@code encNames}
     * when given, else every content encryption.
     */
    static JweDecrypter decrypter(List<Jwk> keys, List<String> algNames, List<String> encNames, boolean rsa15,
            String source, String algOption) {
        Set<JweAlgorithm> algs = EnumSet.noneOf(JweAlgorithm.class);
        for (String n : algNames) {
            algs.add(Algorithms.keyManagement(n));
        }
        if (algs.isEmpty()) {
            algs.addAll(defaultAlgorithms(keys));
            if (algs.isEmpty()) {
                throw CommandFailure.usage("the key in " + source + " has no alg and fits no algorithm signet picks by"
                        + " itself; name the accepted ones with " + algOption + " (a password: " + algOption
                        + " PBES2-HS256+A128KW)");
            }
        }
        if (algs.contains(JweAlgorithm.RSA1_5) && !rsa15) {
            throw CommandFailure.usage("RSA1_5 is insecure (Bleichenbacher's padding oracle); accepting it takes"
                    + " --insecure-allow-rsa1_5" + (algNames.isEmpty() ? " (the key's alg is RSA1_5)" : ""));
        }
        Set<ContentEncryption> encs = EnumSet.noneOf(ContentEncryption.class);
        for (String n : encNames) {
            encs.add(Algorithms.contentEncryption(n));
        }
        if (encs.isEmpty()) {
            encs.addAll(EnumSet.allOf(ContentEncryption.class));
        }
        JweDecrypter.Builder b = JweDecrypter.builder(keySource(keys)).algorithms(algs).encryptions(encs);
        if (rsa15) {
            b.allowInsecureRsa1_5();
        }
        return b.build();
    }

    /**
     * One key without a kid (a PEM key, a raw secret) is the key the user named for this token, so
     * it is tried whatever kid the token carries; its type, curve, size and alg must still fit.
     * Keys with a kid, and every key of a set, are matched by kid as usual.
     */
    static DecryptionKeySource keySource(List<Jwk> keys) {
        if (keys.size() == 1 && keys.get(0).keyId() == null) {
            Jwk only = keys.get(0);
            return header -> List.of(header.keyId() == null ? only : only.withKeyId(header.keyId()));
        }
        return DecryptionKeySource.of(JwkSet.of(keys));
    }

    /** The algorithms the keys name, or for a key without {@code alg} those that fit its type and size. */
    static Set<JweAlgorithm> defaultAlgorithms(List<Jwk> keys) {
        Set<JweAlgorithm> algs = EnumSet.noneOf(JweAlgorithm.class);
        for (Jwk k : keys) {
            JweAlgorithm named = KeyMaterial.jweAlgorithmOf(k);
            if (named != null) {
                algs.add(named);
                continue;
            }
            if (k.algorithm() != null) {
                continue; // an alg that is no JWE algorithm: this key decrypts nothing
            }
            for (JweAlgorithm a : JweAlgorithm.values()) {
                if (a.isInsecure() || a.identifier().startsWith("PBES2") || !a.acceptsKey(k.keyType(), k.curve())) {
                    continue;
                }
                if (k.keyType() == KeyType.OCT && !fitsSize(a, k.sizeBits())) {
                    continue;
                }
                algs.add(a);
            }
        }
        return algs;
    }

    private static boolean fitsSize(JweAlgorithm a, int bits) {
        if (a == JweAlgorithm.DIR) {
            for (ContentEncryption e : ContentEncryption.values()) {
                if (e.keyBits() == bits) {
                    return true;
                }
            }
            return false;
        }
        // A128KW, A192GCMKW, ...: the key size is in the name.
        String id = a.identifier();
        return id.length() > 4 && id.charAt(0) == 'A' && id.substring(1, 4).equals(String.valueOf(bits));
    }
}
