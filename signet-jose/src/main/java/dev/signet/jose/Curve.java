package dev.signet.jose;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECField;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.EllipticCurve;

/** Curves of the {@code EC} and {@code OKP} key types (RFC 7518 §6.2.1.1, RFC 8037 §2, RFC 8812). */
// The one mutable field, ecParameters, memoizes a pure function of the constant: a race computes the same
// value twice, never a different one.
@SuppressWarnings("ImmutableEnumChecker")
public enum Curve {
    P_256("P-256", KeyType.EC, "secp256r1", 32),
    P_384("P-384", KeyType.EC, "secp384r1", 48),
    P_521("P-521", KeyType.EC, "secp521r1", 66),
    SECP256K1("secp256k1", KeyType.EC, "secp256k1", 32),
    ED25519("Ed25519", KeyType.OKP, "Ed25519", 32),
    ED448("Ed448", KeyType.OKP, "Ed448", 57),
    X25519("X25519", KeyType.OKP, "X25519", 32),
    X448("X448", KeyType.OKP, "X448", 56);

    private final String identifier;
    private final KeyType keyType;
    private final String jcaName;
    private final int coordinateLength;
    private volatile ECParameterSpec ecParameters;

    Curve(String identifier, KeyType keyType, String jcaName, int coordinateLength) {
        this.identifier = identifier;
        this.keyType = keyType;
        this.jcaName = jcaName;
        this.coordinateLength = coordinateLength;
    }

    /** The {@code crv} value. */
    public String identifier() {
        return identifier;
    }

    /** {@code EC} or {@code OKP}. */
    public KeyType keyType() {
        return keyType;
    }

    /** The JCA standard name of the curve (or of the OKP algorithm). */
    public String jcaName() {
        return jcaName;
    }

    /** Length in bytes of a coordinate ({@code x}, {@code y}, {@code d}) or of an OKP key. */
    public int coordinateLength() {
        return coordinateLength;
    }

    /** The curve for a {@code crv} value (case-sensitive), or {@code null}. */
    public static Curve fromIdentifier(String crv) {
        for (Curve c : values()) {
            if (c.identifier.equals(crv)) {
                return c;
            }
        }
        return null;
    }

    /** The domain parameters of an {@code EC} curve. */
    public ECParameterSpec ecParameters() {
        if (keyType != KeyType.EC) {
            throw new IllegalStateException(identifier + " is not a Weierstrass curve");
        }
        ECParameterSpec p = ecParameters;
        if (p == null) {
            p = this == SECP256K1 ? Secp256k1.PARAMS : named(jcaName);
            ecParameters = p;
        }
        return p;
    }

    /** The EC curve whose domain parameters equal {@code spec}, or {@code null}. */
    public static Curve fromEcParameters(ECParameterSpec spec) {
        for (Curve c : values()) {
            if (c.keyType == KeyType.EC) {
                ECParameterSpec p = c.ecParameters();
                if (p.getOrder().equals(spec.getOrder())
                        && p.getCurve().equals(spec.getCurve())
                        && p.getGenerator().equals(spec.getGenerator())) {
                    return c;
                }
            }
        }
        return null;
    }

    private static ECParameterSpec named(String name) {
        try {
            AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
            ap.init(new ECGenParameterSpec(name));
            return ap.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the runtime lacks the standard curve " + name, e);
        }
    }

    /** SEC 2 §2.4.1 domain parameters; newer JDKs no longer know this curve by name. */
    private static final class Secp256k1 {
        static final ECParameterSpec PARAMS;

        static {
            BigInteger p = new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F", 16);
            ECField field = new ECFieldFp(p);
            EllipticCurve curve = new EllipticCurve(field, BigInteger.ZERO, BigInteger.valueOf(7));
            ECPoint g = new ECPoint(
                    new BigInteger("79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798", 16),
                    new BigInteger("483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8", 16));
            BigInteger n = new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
            PARAMS = new ECParameterSpec(curve, g, n, 1);
        }
    }
}
