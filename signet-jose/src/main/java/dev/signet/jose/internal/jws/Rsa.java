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
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/** RS256/384/512 (RSASSA-PKCS1-v1_5) and PS256/384/512 (RSASSA-PSS), RFC 7518 §3.3 and §3.5. */
public final class Rsa implements SignatureFamily {

    public static final Rsa INSTANCE = new Rsa();

    private Rsa() {}

    private static boolean isPss(JwsAlgorithm alg) {
        return alg == JwsAlgorithm.PS256 || alg == JwsAlgorithm.PS384 || alg == JwsAlgorithm.PS512;
    }

    /** PSS with MGF1 over the same hash and a salt as long as the hash (RFC 7518 §3.5). */
    private static PSSParameterSpec pss(JwsAlgorithm alg) {
        String hash = alg.jcaName();
        int saltLen = alg == JwsAlgorithm.PS256 ? 32 : alg == JwsAlgorithm.PS384 ? 48 : 64;
        return new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), saltLen, 1);
    }

    private static Signature engine(JwsAlgorithm alg, Provider provider) throws GeneralSecurityException {
        if (isPss(alg)) {
            Signature s = Jca.signature("RSASSA-PSS", provider);
            s.setParameter(pss(alg));
            return s;
        }
        return Jca.signature(alg.jcaName(), provider);
    }

    @Override
    public boolean isAvailable(JwsAlgorithm alg) {
        try {
            engine(alg, null);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public byte[] sign(JwsAlgorithm alg, Key key, byte[] data, int off, int len, Provider provider)
            throws GeneralSecurityException {
        Signature s = engine(alg, provider);
        s.initSign((PrivateKey) key);
        if (isPss(alg)) {
            s.setParameter(pss(alg));
        }
        s.update(data, off, len);
        return s.sign();
    }

    @Override
    public boolean verify(JwsAlgorithm alg, Key key, byte[] data, int off, int len, byte[] signature, Provider provider)
            throws GeneralSecurityException {
        // RFC 8017 §8.2.2 step 1: the signature is exactly as long as the modulus.
        int modulusBytes = (((RSAKey) key).getModulus().bitLength() + 7) / 8;
        if (signature.length != modulusBytes) {
            return false;
        }
        Signature s = engine(alg, provider);
        s.initVerify((PublicKey) key);
        if (isPss(alg)) {
            s.setParameter(pss(alg));
        }
        s.update(data, off, len);
        try {
            return s.verify(signature);
        } catch (SignatureException malformed) {
            return false;
        }
    }
}
