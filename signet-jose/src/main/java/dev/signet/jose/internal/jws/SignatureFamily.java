package dev.signet.jose.internal.jws;

import dev.signet.jose.JwsAlgorithm;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.Provider;

/**
 * One family of JWS algorithms (HMAC, RSA, ECDSA, EdDSA, ML-DSA) on top of the JCA.
 *
 * <p>Implementations are stateless singletons; the key has already been checked against the
 * algorithm (type, curve, size, JWK constraints) by the caller. {@code provider} may be null,
 * meaning the JCA's usual provider selection.
 */
public interface SignatureFamily {

    /** Whether the installed providers support {@code alg}. */
    boolean isAvailable(JwsAlgorithm alg);

    /** Signs {@code data[off, off+len)} and returns the JWS signature bytes. */
    byte[] sign(JwsAlgorithm alg, Key key, byte[] data, int off, int len, Provider provider)
            throws GeneralSecurityException;

    /**
     * Verifies a JWS signature over {@code data[off, off+len)}. Returns false for any signature
     * that does not verify, including malformed ones.
     */
    boolean verify(JwsAlgorithm alg, Key key, byte[] data, int off, int len, byte[] signature, Provider provider)
            throws GeneralSecurityException;
}
