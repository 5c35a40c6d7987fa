package dev.signet.jose;

import java.util.List;

/**
 * Where a {@link JweDecrypter} finds the keys that may decrypt a JWE: private RSA, EC and OKP
 * JWKs and {@code oct} secrets.
 *
 * <p>Given the (strictly parsed, not yet trusted) header, return the candidate keys; the
 * decrypter then keeps only those whose {@code kid}, type, curve, size, {@code use},
 * {@code key_ops} and {@code alg} fit. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface DecryptionKeySource {

    /** Candidate keys for a JWE with this header; empty when none. */
    List<Jwk> candidates(JweHeader header) throws JoseException;

    /** A fixed set of keys. */
    static DecryptionKeySource of(JwkSet set) {
        List<Jwk> keys = set.keys();
        return header -> keys;
    }

    /** A fixed set of keys. */
    static DecryptionKeySource of(Jwk... keys) {
        List<Jwk> list = List.of(keys);
        return header -> list;
    }
}
