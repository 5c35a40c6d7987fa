package dev.signet.jose;

import dev.signet.jose.JoseException.Reason;
import java.security.GeneralSecurityException;
import java.security.Provider;

/**
 * Test access to the package-private algorithm-family layer: verifies a signature over arbitrary
 * bytes after the same key checks {@link JwsVerifier} makes, for vectors (Wycheproof) that sign a
 * raw message instead of a JWS signing input.
 */
public final class FamilyAccess {

    private FamilyAccess() {}

    /**
     * Whether {@code signature} verifies over {@code data} with {@code key} and {@code alg}, as
     * {@link JwsVerifier} would decide it once the signing input is known.
     *
     * @throws JoseException {@code ALG_NOT_ALLOWED} if the key does not fit the algorithm (type,
     *     curve, use/key_ops/alg), {@code KEY_REJECTED} if it is too weak for it
     * @throws GeneralSecurityException if the provider fails instead of answering; the verifier
     *     counts that as a rejection, these tests report it
     */
    public static boolean verify(Jwk key, JwsAlgorithm alg, byte[] data, byte[] signature, Provider provider)
            throws JoseException, GeneralSecurityException {
        String why = KeyFit.mismatch(key, alg, Jwk.VERIFY);
        if (why != null) {
            throw new JoseException(Reason.ALG_NOT_ALLOWED, why);
        }
        KeyFit.checkStrength(key, alg);
        JwsAlgorithm run = alg.resolvedFor(key.curve());
        return run.family().verify(run, KeyFit.verificationKey(key), data, 0, data.length, signature, provider);
    }
}
