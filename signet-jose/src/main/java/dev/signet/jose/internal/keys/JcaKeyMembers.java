package dev.signet.jose.internal.keys;

import dev.signet.jose.Curve;
import dev.signet.jose.JoseException;
import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.JwsAlgorithm;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JWK members of a JCA public key or key pair: RSA, EC, EdDSA, XDH or ML-DSA. */
public final class JcaKeyMembers {

    private JcaKeyMembers() {}

    /** The members of the public JWK for {@code key}. */
    public static Map<String, Object> ofPublic(PublicKey key) throws JoseException {
        Map<String, Object> m = new LinkedHashMap<>();
        if (key instanceof RSAPublicKey rSAPublicKey) {
            RsaJwk.putPublic(rSAPublicKey, m);
            return m;
        }
        if (key instanceof ECPublicKey eCPublicKey) {
            EcJwk.putPublic(eCPublicKey, m);
            return m;
        }
        // EdDSA, XDH and ML-DSA keys have no common JCA interface: their SPKI algorithm says which.
        byte[] spki = key.getEncoded();
        if (spki == null) {
            throw new JoseException(Reason.UNSUPPORTED, "the key has no standard encoding");
        }
        String oid;
        try {
            oid = Keys.algorithmOf(spki, false)[0];
        } catch (IllegalArgumentException e) {
            throw new JoseException(Reason.MALFORMED, "unreadable public key encoding");
        }
        Curve okp = Keys.okpCurve(oid);
        if (okp != null) {
            OkpJwk.putPublic(okp, spki, oid, m);
            return m;
        }
        JwsAlgorithm mlDsa = Keys.mlDsaAlgorithm(oid);
        if (mlDsa != null) {
            AkpJwk.putPublic(mlDsa, spki, oid, m);
            return m;
        }
        throw new JoseException(Reason.UNSUPPORTED, "public key algorithm " + oid + " has no JWK form");
    }

    /** The members of the private JWK for {@code pair}. */
    public static Map<String, Object> ofPair(KeyPair pair) throws JoseException {
        Map<String, Object> m = ofPublic(pair.getPublic());
        PrivateKey p = pair.getPrivate();
        String kty = (String) m.get("kty");
        if ("RSA".equals(kty)) {
            RsaJwk.putPrivate((RSAPrivateKey) p, m);
        } else if ("EC".equals(kty)) {
            EcJwk.putPrivate((ECPrivateKey) p, m);
        } else if ("OKP".equals(kty)) {
            OkpJwk.putPrivate(p, m);
        } else {
            AkpJwk.putPrivate(p, m);
        }
        return m;
    }
}
