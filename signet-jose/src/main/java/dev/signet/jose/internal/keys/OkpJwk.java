package dev.signet.jose.internal.keys;

import static dev.signet.jose.internal.keys.JwkMembers.fixedBytes;

import dev.signet.jose.Base64Url;
import dev.signet.jose.Curve;
import dev.signet.jose.JoseException;
import dev.signet.jose.KeyType;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Map;

/** OKP JWKs (RFC 8037): Ed25519, Ed448, X25519 and X448 members to JCA keys and back. */
public final class OkpJwk {

    private OkpJwk() {}

    /** The keys of an {@code OKP} JWK, with the private key when {@code d} is present. */
    public static KeyMaterial read(Map<String, Object> m) throws JoseException {
        Curve c = JwkMembers.curve(m, KeyType.OKP);
        int len = c.coordinateLength();
        PublicKey pub = Keys.okpPublic(c, fixedBytes(m, "x", len));
        PrivateKey priv = null;
        if (m.containsKey("d")) {
            byte[] d = fixedBytes(m, "d", len);
            priv = Keys.okpPrivate(c, d);
            Arrays.fill(d, (byte) 0);
        }
        int bits = c == Curve.ED25519 || c == Curve.X25519 ? 256 : 448;
        return new KeyMaterial(c, pub, priv, null, bits);
    }

    /** Adds {@code kty}, {@code crv} and {@code x}, the raw public key in {@code spki}. */
    public static void putPublic(Curve c, byte[] spki, String oid, Map<String, Object> m) {
        m.put("kty", "OKP");
        m.put("crv", c.identifier());
        m.put("x", Base64Url.encode(Keys.rawFromSpki(spki, oid)));
    }

    /** Adds {@code d}, the raw private key of {@code key}. */
    public static void putPrivate(PrivateKey key, Map<String, Object> m) {
        m.put("d", Base64Url.encode(Keys.okpRawPrivate(key.getEncoded())));
    }
}
