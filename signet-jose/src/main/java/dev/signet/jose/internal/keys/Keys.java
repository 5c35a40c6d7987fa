package dev.signet.jose.internal.keys;

import dev.signet.jose.Curve;
import dev.signet.jose.JoseException;
import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.KeyType;
import dev.signet.jose.internal.Jca;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.List;

/**
 * Conversions between raw JWK members and JCA keys. OKP and AKP keys travel through their
 * standard SPKI / PKCS#8 encodings, which every provider reads; EC points are checked to lie on
 * their curve before any provider sees them (invalid-curve attacks).
 */
public final class Keys {

    public static final String OID_RSA = "1.2.840.113549.1.1.1";
    public static final String OID_EC = "1.2.840.10045.2.1";
    private static final List<JwsAlgorithm> ML_DSA =
            List.of(JwsAlgorithm.ML_DSA_44, JwsAlgorithm.ML_DSA_65, JwsAlgorithm.ML_DSA_87);

    private Keys() {}

    /** The SPKI/PKCS#8 algorithm OID of an OKP curve. */
    public static String okpOid(Curve c) {
        return switch (c) {
            case X25519 -> "1.3.101.110";
            case X448 -> "1.3.101.111";
            case ED25519 -> "1.3.101.112";
            case ED448 -> "1.3.101.113";
            default -> throw new IllegalArgumentException(c + " is not an OKP curve");
        };
    }

    /** The named-curve OID of an EC curve. */
    public static String ecCurveOid(Curve c) {
        return switch (c) {
            case P_256 -> "1.2.840.10045.3.1.7";
            case P_384 -> "1.3.132.0.34";
            case P_521 -> "1.3.132.0.35";
            case SECP256K1 -> "1.3.132.0.10";
            default -> throw new IllegalArgumentException(c + " is not an EC curve");
        };
    }

    /** The OID of an ML-DSA parameter set (NIST CSOR). */
    public static String mlDsaOid(JwsAlgorithm alg) {
        return switch (alg) {
            case ML_DSA_44 -> "2.16.840.1.101.3.4.3.17";
            case ML_DSA_65 -> "2.16.840.1.101.3.4.3.18";
            case ML_DSA_87 -> "2.16.840.1.101.3.4.3.19";
            default -> throw new IllegalArgumentException(alg + " is not ML-DSA");
        };
    }

    /** The OKP curve whose SPKI/PKCS#8 algorithm OID is {@code oid}, or null. */
    public static Curve okpCurve(String oid) {
        for (Curve c : Curve.values()) {
            if (c.keyType() == KeyType.OKP && okpOid(c).equals(oid)) {
                return c;
            }
        }
        return null;
    }

    /** The ML-DSA algorithm whose SPKI/PKCS#8 algorithm OID is {@code oid}, or null. */
    public static JwsAlgorithm mlDsaAlgorithm(String oid) {
        for (JwsAlgorithm a : ML_DSA) {
            if (mlDsaOid(a).equals(oid)) {
                return a;
            }
        }
        return null;
    }

    /** SubjectPublicKeyInfo with an absent-parameters AlgorithmIdentifier (RFC 8410, RFC 9881). */
    public static byte[] spki(String oid, byte[] rawPublic) {
        byte[] bits = new byte[rawPublic.length + 1];
        System.arraycopy(rawPublic, 0, bits, 1, rawPublic.length);
        return Der.element(Der.SEQUENCE, Der.element(Der.SEQUENCE, Der.oid(oid)), Der.element(Der.BIT_STRING, bits));
    }

    /** PKCS#8 PrivateKeyInfo (version 0) wrapping {@code privateKey} as its OCTET STRING content. */
    public static byte[] pkcs8(String oid, byte[] privateKeyContent) {
        return Der.element(
                Der.SEQUENCE,
                Der.element(Der.INTEGER, new byte[] {0}),
                Der.element(Der.SEQUENCE, Der.oid(oid)),
                Der.element(Der.OCTET_STRING, privateKeyContent));
    }

    /** The OKP public key for raw {@code x}. */
    public static PublicKey okpPublic(Curve c, byte[] x) throws JoseException {
        return publicFromSpki(c.jcaName(), spki(okpOid(c), x), c.identifier());
    }

    /** The OKP private key for raw {@code d} (RFC 8410 §7: CurvePrivateKey is an OCTET STRING). */
    public static PrivateKey okpPrivate(Curve c, byte[] d) throws JoseException {
        return privateFromPkcs8(c.jcaName(), pkcs8(okpOid(c), Der.element(Der.OCTET_STRING, d)), c.identifier());
    }

    /** Raw public bytes from an SPKI encoding whose algorithm OID must be {@code oid}. */
    public static byte[] rawFromSpki(byte[] spki, String oid) {
        Der.Reader seq = new Der.Reader(spki).sequence();
        Der.Reader algId = seq.sequence();
        String found = algId.oid();
        if (!found.equals(oid)) {
            throw new IllegalArgumentException("SPKI algorithm " + found + ", expected " + oid);
        }
        return seq.bitString();
    }

    /** The raw OKP private scalar from a PKCS#8 encoding (v1 or v2). */
    public static byte[] okpRawPrivate(byte[] pkcs8) {
        Der.Reader seq = new Der.Reader(pkcs8).sequence();
        seq.integerBytes();
        seq.sequence();
        byte[] inner = seq.read(Der.OCTET_STRING);
        return new Der.Reader(inner).read(Der.OCTET_STRING);
    }

    /** The algorithm OID (and for EC, the curve OID) of an SPKI or PKCS#8 encoding. */
    public static String[] algorithmOf(byte[] der, boolean pkcs8) {
        Der.Reader seq = new Der.Reader(der).sequence();
        if (pkcs8) {
            seq.integerBytes();
        }
        Der.Reader algId = seq.sequence();
        String oid = algId.oid();
        String param = algId.hasMore() && algId.peekTag() == Der.OID ? algId.oid() : null;
        return new String[] {oid, param};
    }

    public static PublicKey publicFromSpki(String jcaAlg, byte[] spki, String what) throws JoseException {
        try {
            return KeyFactory.getInstance(jcaAlg).generatePublic(new X509EncodedKeySpec(spki));
        } catch (NoSuchAlgorithmException e) {
            throw new JoseException(Reason.UNSUPPORTED, what + " keys are not supported by this runtime");
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new JoseException(Reason.KEY_REJECTED, "invalid " + what + " public key");
        }
    }

    public static PrivateKey privateFromPkcs8(String jcaAlg, byte[] pkcs8, String what) throws JoseException {
        try {
            return KeyFactory.getInstance(jcaAlg).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (NoSuchAlgorithmException e) {
            throw new JoseException(Reason.UNSUPPORTED, what + " keys are not supported by this runtime");
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new JoseException(Reason.KEY_REJECTED, "invalid " + what + " private key");
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /**
     * The EC public key at (x, y), after checking that the point lies on the curve: both
     * coordinates in [0, p) and y² = x³ + ax + b (mod p). Cofactor 1 curves only, so no
     * subgroup check is needed.
     */
    public static ECPublicKey ecPublic(Curve c, BigInteger x, BigInteger y) throws JoseException {
        ECParameterSpec params = c.ecParameters();
        if (!isOnCurve(params, x, y)) {
            throw new JoseException(Reason.KEY_REJECTED, "the EC point is not on curve " + c.identifier());
        }
        try {
            return (ECPublicKey) Jca.keyFactory("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), params));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new JoseException(
                    Reason.UNSUPPORTED, "curve " + c.identifier() + " is not supported by this runtime");
        }
    }

    public static boolean isOnCurve(ECParameterSpec params, BigInteger x, BigInteger y) {
        EllipticCurve curve = params.getCurve();
        BigInteger p = ((ECFieldFp) curve.getField()).getP();
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        // y² − ((x² + a)·x + b) ≡ 0 (mod p): one reduction instead of two.
        BigInteger rhs = x.multiply(x).add(curve.getA()).multiply(x).add(curve.getB());
        return y.multiply(y).subtract(rhs).mod(p).signum() == 0;
    }

    public static PrivateKey ecPrivate(Curve c, BigInteger d) throws JoseException {
        ECParameterSpec params = c.ecParameters();
        if (d.signum() <= 0 || d.compareTo(params.getOrder()) >= 0) {
            throw new JoseException(Reason.KEY_REJECTED, "the EC private scalar is out of range");
        }
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(d, params));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new JoseException(
                    Reason.UNSUPPORTED, "curve " + c.identifier() + " is not supported by this runtime");
        }
    }

    /** Fixed-length unsigned big-endian bytes of {@code v}. */
    public static byte[] fixed(BigInteger v, int length) {
        byte[] b = v.toByteArray();
        if (b.length == length) {
            return b;
        }
        byte[] out = new byte[length];
        if (b.length > length) {
            int skip = b.length - length;
            for (int i = 0; i < skip; i++) {
                if (b[i] != 0) {
                    throw new IllegalArgumentException("value longer than " + length + " bytes");
                }
            }
            System.arraycopy(b, skip, out, 0, length);
        } else {
            System.arraycopy(b, 0, out, length - b.length, b.length);
        }
        return out;
    }

    /** Minimal unsigned big-endian bytes (RFC 7518 §6.3.1.1), at least one byte. */
    public static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            return Arrays.copyOfRange(b, 1, b.length);
        }
        return b;
    }
}
