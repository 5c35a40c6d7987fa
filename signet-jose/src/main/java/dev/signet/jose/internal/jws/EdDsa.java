package dev.signet.jose.internal.jws;

import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.internal.Jca;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;

/** EdDSA (RFC 8037 §3.1) and the fully-specified {@code Ed25519} and {@code Ed448}. */
public final class EdDsa implements SignatureFamily {

    public static final EdDsa INSTANCE = new EdDsa();

    private EdDsa() {}

    /** The JCA engine name; {@code EdDSA} has been resolved to its curve by the caller. */
    private static String engineName(JwsAlgorithm alg) {
        if (alg.curve() == null) {
            throw new IllegalArgumentException("EdDSA must be resolved to Ed25519 or Ed448 first");
        }
        return alg.curve().jcaName();
    }

    @Override
    public boolean isAvailable(JwsAlgorithm alg) {
        try {
            Signature.getInstance(
                    alg == JwsAlgorithm.EDDSA ? "Ed25519" : alg.curve().jcaName());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public byte[] sign(JwsAlgorithm alg, Key key, byte[] data, int off, int len, Provider provider)
            throws GeneralSecurityException {
        Signature s = Jca.signature(engineName(alg), provider);
        s.initSign((PrivateKey) key);
        s.update(data, off, len);
        return s.sign();
    }

    @Override
    public boolean verify(JwsAlgorithm alg, Key key, byte[] data, int off, int len, byte[] signature, Provider provider)
            throws GeneralSecurityException {
        String name = engineName(alg);
        int expected = alg == JwsAlgorithm.ED448 ? 114 : 64;
        if (signature.length != expected) {
            return false;
        }
        Signature s = Jca.signature(name, provider);
        s.initVerify((PublicKey) key);
        s.update(data, off, len);
        try {
            return s.verify(signature);
        } catch (SignatureException malformed) {
            return false;
        }
    }
}
