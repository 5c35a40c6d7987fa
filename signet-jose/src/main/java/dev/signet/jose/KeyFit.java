package dev.signet.jose;

import dev.signet.jose.JoseException.Reason;
import java.security.Key;

/** Whether a key may serve an algorithm: the one place where key confusion is refused. */
final class KeyFit {

    private KeyFit() {}

    /**
     * Null when {@code key} fits {@code alg} for {@code operation}, else why not. Checked: key type
     * (an RSA or EC public key is never an HMAC secret), curve, the JWK's use/key_ops/alg.
     */
    static String mismatch(Jwk key, JwsAlgorithm alg, String operation) {
        if (key.keyType() != alg.keyType()) {
            return "key type " + key.keyType().identifier() + " cannot be used with " + alg.identifier();
        }
        if (key.curve() != null && !alg.acceptsCurve(key.curve())) {
            return "curve " + key.curve().identifier() + " cannot be used with " + alg.identifier();
        }
        if (key.keyType() == KeyType.AKP && !alg.identifier().equals(key.algorithm())) {
            return "ML-DSA key for " + key.algorithm() + " cannot be used with " + alg.identifier();
        }
        if (!key.permits(operation, alg.identifier())) {
            return "the JWK's use, key_ops or alg forbid " + operation + " with " + alg.identifier();
        }
        return null;
    }

    /** Refuses keys too weak for the algorithm (RFC 7518 §3.2, §3.3). */
    static void checkStrength(Jwk key, JwsAlgorithm alg) throws JoseException {
        if (alg.minimumKeyBits() > 0
                && key.sizeBits() < alg.minimumKeyBits()
                && (alg.keyType() == KeyType.OCT || alg.keyType() == KeyType.RSA)) {
            throw new JoseException(
                    Reason.KEY_REJECTED,
                    alg.identifier() + " needs a key of at least " + alg.minimumKeyBits() + " bits, found "
                            + key.sizeBits());
        }
    }

    /** The JCA key for verification. */
    static Key verificationKey(Jwk key) {
        return key.keyType() == KeyType.OCT ? key.secretKey() : key.publicKey();
    }

    /** The JCA key for signing, or null when the JWK holds none. */
    static Key signingKey(Jwk key) {
        return key.keyType() == KeyType.OCT ? key.secretKey() : key.privateKey();
    }
}
