package dev.signet.jose;

import java.util.List;

/**
 * Where a verifier finds the keys that may have signed a token.
 *
 * <p>Given the (already strictly parsed, not yet trusted) header, return the candidate keys; the
 * verifier then keeps only those whose {@code kid}, type, curve, {@code use}, {@code key_ops} and
 * {@code alg} fit. A remote JWKS source (signet-verify) may refresh its cache on an unknown
 * {@code kid}. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface KeySource {

    /** Candidate keys for a token with this header; empty when none. */
    List<Jwk> candidates(JwsHeader header) throws JoseException;

    /** A fixed set of keys. */
    static KeySource of(JwkSet set) {
        List<Jwk> keys = set.keys();
        return header -> keys;
    }

    /** A fixed set of keys. */
    static KeySource of(Jwk... keys) {
        List<Jwk> list = List.of(keys);
        return header -> list;
    }
}
