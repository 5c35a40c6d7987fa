package dev.signet.jose.internal.jws;

import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.internal.Jca;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;

/**
 * ML-DSA-44/65/87 (FIPS 204; JOSE per draft-ietf-cose-dilithium), with the empty context.
 * Available where a provider offers it: the JDK from version 24, or a third-party provider.
 */
public final class MlDsa implements SignatureFamily {

    public static final MlDsa INSTANCE = new MlDsa();

    private MlDsa() {}

    /** Signature length in bytes per FIPS 204 Table 2. */
    public static int signatureLength(JwsAlgorithm alg) {
        return switch (alg) {
            case ML_DSA_44 -> 2420;
            case ML_DSA_65 -> 3309;
            default -> 4627;
        };
    }

    /** Public key length in bytes per FIPS 204 Table 2. */
    public static int publicKeyLength(JwsAlgorithm alg) {
        return switch (alg) {
            case ML_DSA_44 -> 1312;
            case ML_DSA_65 -> 1952;
            default -> 2592;
        };
    }

    @Override
    public boolean isAvailable(JwsAlgorithm alg) {
        try {
            engine(alg, null);
            java.security.KeyFactory.getInstance(alg.jcaName());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * The engine by its parameter-set name, or by the generic {@code ML-DSA} (the key then fixes
     * the parameter set), which is all some providers register.
     */
    private static Signature engine(JwsAlgorithm alg, Provider provider) throws GeneralSecurityException {
        try {
            return Jca.signature(alg.jcaName(), provider);
        } catch (NoSuchAlgorithmException e) {
            return Jca.signature("ML-DSA", provider);
        }
    }

    @Override
    public byte[] sign(JwsAlgorithm alg, Key key, byte[] data, int off, int len, Provider provider)
            throws GeneralSecurityException {
        Signature s = engine(alg, provider);
        s.initSign((PrivateKey) key);
        s.update(data, off, len);
        return s.sign();
    }

    @Override
    public boolean verify(JwsAlgorithm alg, Key key, byte[] data, int off, int len, byte[] signature, Provider provider)
            throws GeneralSecurityException {
        if (signature.length != signatureLength(alg)) {
            return false;
        }
        Signature s = engine(alg, provider);
        s.initVerify((PublicKey) key);
        s.update(data, off, len);
        try {
            return s.verify(signature);
        } catch (SignatureException malformed) {
            return false;
        }
    }
}
