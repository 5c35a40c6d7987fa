package dev.signet.jose.internal.keys;

import static dev.signet.jose.internal.keys.JwkMembers.bigInt;

import dev.signet.jose.Base64Url;
import dev.signet.jose.JoseException;
import dev.signet.jose.JoseException.Reason;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPrivateKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Map;

/** RSA JWKs (RFC 7518 §6.3): members to JCA keys and back, and new key pairs. */
public final class RsaJwk {

    private static final String[] CRT = {"p", "q", "dp", "dq", "qi"};

    private RsaJwk() {}

    /** The keys of an {@code RSA} JWK: a sound, ROCA-free modulus, and the private key when {@code d} is present. */
    public static KeyMaterial read(Map<String, Object> m) throws JoseException {
        BigInteger n = bigInt(m, "n");
        BigInteger e = bigInt(m, "e");
        if (n.signum() <= 0
                || !n.testBit(0)
                || !e.testBit(0)
                || e.compareTo(BigInteger.valueOf(3)) < 0
                || e.compareTo(n) >= 0) {
            throw new JoseException(
                    Reason.KEY_REJECTED,
                    "RSA modulus must be odd and the exponent odd, at least 3 and"
                            + " below the modulus (RFC 8017 §3.1)");
        }
        if (RocaFingerprint.matches(n)) {
            throw new JoseException(
                    Reason.KEY_REJECTED,
                    "RSA modulus has the ROCA fingerprint (CVE-2017-15361):"
                            + " its private key can be computed; replace the key");
        }
        if (m.containsKey("oth")) {
            throw new JoseException(Reason.UNSUPPORTED, "multi-prime RSA keys (oth) are not supported");
        }
        try {
            KeyFactory kf = KeyFactory.getInstance("RSA");
            PublicKey pub = kf.generatePublic(new RSAPublicKeySpec(n, e));
            PrivateKey priv = null;
            if (m.containsKey("d")) {
                BigInteger d = bigInt(m, "d");
                int present = 0;
                for (String c : CRT) {
                    present += m.containsKey(c) ? 1 : 0;
                }
                if (present == CRT.length) {
                    BigInteger p = bigInt(m, "p");
                    BigInteger q = bigInt(m, "q");
                    if (!p.multiply(q).equals(n)) {
                        throw new JoseException(Reason.KEY_REJECTED, "RSA p·q does not equal n");
                    }
                    priv = kf.generatePrivate(
                            new RSAPrivateCrtKeySpec(n, e, d, p, q, bigInt(m, "dp"), bigInt(m, "dq"), bigInt(m, "qi")));
                } else if (present == 0) {
                    priv = kf.generatePrivate(new RSAPrivateKeySpec(n, d));
                } else {
                    throw new JoseException(
                            Reason.MALFORMED,
                            "RSA private key has some CRT members but not all" + " (RFC 7518 §6.3.2)");
                }
            }
            return new KeyMaterial(null, pub, priv, null, n.bitLength());
        } catch (GeneralSecurityException ex) {
            throw new JoseException(Reason.KEY_REJECTED, "invalid RSA key");
        }
    }

    /** Adds {@code kty}, {@code n} and {@code e} of {@code key}. */
    public static void putPublic(RSAPublicKey key, Map<String, Object> m) {
        m.put("kty", "RSA");
        m.put("n", b64(key.getModulus()));
        m.put("e", b64(key.getPublicExponent()));
    }

    /** Adds {@code d} of {@code key}, and the CRT members when it has them. */
    public static void putPrivate(RSAPrivateKey key, Map<String, Object> m) {
        m.put("d", b64(key.getPrivateExponent()));
        if (key instanceof RSAPrivateCrtKey crt) {

            m.put("p", b64(crt.getPrimeP()));
            m.put("q", b64(crt.getPrimeQ()));
            m.put("dp", b64(crt.getPrimeExponentP()));
            m.put("dq", b64(crt.getPrimeExponentQ()));
            m.put("qi", b64(crt.getCrtCoefficient()));
        }
    }

    /** A new 2048-bit key pair with the public exponent 65537. */
    public static KeyPair generate() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4));
        return g.generateKeyPair();
    }

    private static String b64(BigInteger v) {
        return Base64Url.encode(Keys.unsigned(v));
    }
}
