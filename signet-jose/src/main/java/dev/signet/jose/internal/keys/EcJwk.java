package dev.signet.jose.internal.keys;

import static dev.signet.jose.internal.keys.JwkMembers.fixedBytes;

import dev.signet.jose.Base64Url;
import dev.signet.jose.Curve;
import dev.signet.jose.JoseException;
import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.KeyType;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Map;

/** EC JWKs (RFC 7518 §6.2): members to JCA keys and back. */
public final class EcJwk {

    private EcJwk() {}

    /** The keys of an {@code EC} JWK: a point on its curve, and the private key when {@code d} is present. */
    public static KeyMaterial read(Map<String, Object> m) throws JoseException {
        Curve c = JwkMembers.curve(m, KeyType.EC);
        int len = c.coordinateLength();
        BigInteger x = new BigInteger(1, fixedBytes(m, "x", len));
        BigInteger y = new BigInteger(1, fixedBytes(m, "y", len));
        ECPublicKey pub = Keys.ecPublic(c, x, y);
        PrivateKey priv = null;
        if (m.containsKey("d")) {
            byte[] d = fixedBytes(m, "d", len);
            priv = Keys.ecPrivate(c, new BigInteger(1, d));
            Arrays.fill(d, (byte) 0);
        }
        return new KeyMaterial(c, pub, priv, null, c.ecParameters().getOrder().bitLength());
    }

    /** Adds {@code kty}, {@code crv}, {@code x} and {@code y} of {@code key}. */
    public static void putPublic(ECPublicKey key, Map<String, Object> m) throws JoseException {
        Curve c = Curve.fromEcParameters(key.getParams());
        if (c == null) {
            throw new JoseException(Reason.UNSUPPORTED, "EC key on a curve JOSE does not define");
        }
        m.put("kty", "EC");
        m.put("crv", c.identifier());
        m.put("x", Base64Url.encode(Keys.fixed(key.getW().getAffineX(), c.coordinateLength())));
        m.put("y", Base64Url.encode(Keys.fixed(key.getW().getAffineY(), c.coordinateLength())));
    }

    /** Adds {@code d} of {@code key} to members that already name its curve. */
    public static void putPrivate(ECPrivateKey key, Map<String, Object> m) {
        Curve c = Curve.fromIdentifier((String) m.get("crv"));
        m.put("d", Base64Url.encode(Keys.fixed(key.getS(), c.coordinateLength())));
    }
}
