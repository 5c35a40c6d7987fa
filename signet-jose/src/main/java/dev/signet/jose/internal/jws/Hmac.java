package dev.signet.jose.internal.jws;

import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.internal.Jca;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.Provider;
import javax.crypto.Mac;

/** HS256/384/512 (RFC 7518 §3.2). MACs are compared in constant time. */
public final class Hmac implements SignatureFamily {

    public static final Hmac INSTANCE = new Hmac();

    private Hmac() {}

    @Override
    public boolean isAvailable(JwsAlgorithm alg) {
        try {
            Mac.getInstance(alg.jcaName());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public byte[] sign(JwsAlgorithm alg, Key key, byte[] data, int off, int len, Provider provider)
            throws GeneralSecurityException {
        Mac mac = Jca.mac(alg.jcaName(), key, provider);
        mac.update(data, off, len);
        return mac.doFinal();
    }

    @Override
    public boolean verify(JwsAlgorithm alg, Key key, byte[] data, int off, int len, byte[] signature, Provider provider)
            throws GeneralSecurityException {
        byte[] expected = sign(alg, key, data, off, len, provider);
        // MessageDigest.isEqual is constant-time for equal lengths; the length is not secret.
        return MessageDigest.isEqual(expected, signature);
    }
}
