package dev.signet.cli.token;

import dev.signet.cli.io.CommandFailure;
import dev.signet.cli.keys.KeyMaterial;
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

    private final Set<JweAlgorithm> named = EnumSet.noneOf(JweAlgorithm.class);
    private final List<String> encNames;
    private final boolean rsa15;
    private final String algOption;

    /**
     * The allowlists as the options give them: {@code algNames} (usage failure for an unknown
     * one) and {@code encNames}, each empty when not given; {@code rsa15} when RSA1_5 is accepted;
     * {@code algOption} is the option that names algorithms, for messages.
     */
    Decryption(List<String> algNames, List<String> encNames, boolean rsa15, String algOption) {
        for (String n : algNames) {
            named.add(Algorithms.keyManagement(n));
        }
        this.encNames = encNames;
        this.rsa15 = rsa15;
        this.algOption = algOption;
    }

    /** Whether every accepted algorithm was named and is PBES2: the key is then a password. */
    boolean takesPassword() {
        return !named.isEmpty() && named.stream().allMatch(a -> a.identifier().startsWith("PBES2"));
    }

    /**
     * A decrypter with the recipient's keys in {@code keys}. The {@code alg} allowlist is the named
     * algorithms when given, else each key's {@code alg}, else the algorithms that fit the key's
     * type and size (never PBES2 nor RSA1_5: those are named); the {@code enc} allowlist is the
     * named ones when given, else every content encryption.
     */
    JweDecrypter decrypter(KeyMaterial keys) {
        List<Jwk> recipientKeys = keys.decryptionKeys();
        Set<JweAlgorithm> algs = EnumSet.noneOf(JweAlgorithm.class);
        algs.addAll(named);
        if (algs.isEmpty()) {
            algs.addAll(defaultAlgorithms(recipientKeys));
            if (algs.isEmpty()) {
                throw CommandFailure.usage("the key in " + keys.source() + " has no alg and fits no algorithm signet"
                        + " picks by itself; name the accepted ones with " + algOption + " (a password: " + algOption
                        + " PBES2-HS256+A128KW)");
            }
        }
        if (algs.contains(JweAlgorithm.RSA1_5) && !rsa15) {
            throw CommandFailure.usage("RSA1_5 is insecure (Bleichenbacher's padding oracle); accepting it takes"
                    + " --insecure-allow-rsa1_5" + (named.isEmpty() ? " (the key's alg is RSA1_5)" : ""));
        }
        Set<ContentEncryption> encs = EnumSet.noneOf(ContentEncryption.class);
        for (String n : encNames) {
            encs.add(Algorithms.contentEncryption(n));
        }
        if (encs.isEmpty()) {
            encs.addAll(EnumSet.allOf(ContentEncryption.class));
        }
        JweDecrypter.Builder b =
                JweDecrypter.builder(keySource(recipientKeys)).algorithms(algs).encryptions(encs);
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
    private static DecryptionKeySource keySource(List<Jwk> keys) {
        if (keys.size() == 1 && keys.get(0).keyId() == null) {
            Jwk only = keys.get(0);
            return header -> List.of(header.keyId() == null ? only : only.withKeyId(header.keyId()));
        }
        return DecryptionKeySource.of(JwkSet.of(keys));
    }

    /** The algorithms the keys name, or for a key without {@code alg} those that fit its type and size. */
    private static Set<JweAlgorithm> defaultAlgorithms(List<Jwk> keys) {
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
