package dev.signet.jose;

import dev.signet.jose.internal.jws.Ecdsa;
import dev.signet.jose.internal.jws.EdDsa;
import dev.signet.jose.internal.jws.Hmac;
import dev.signet.jose.internal.jws.MlDsa;
import dev.signet.jose.internal.jws.Rsa;
import dev.signet.jose.internal.jws.SignatureFamily;

/**
 * JWS algorithms (RFC 7518 §3, RFC 8037 §3.1, RFC 8812 §3.2, draft-ietf-jose-fully-specified-algorithms,
 * draft-ietf-cose-dilithium). {@code none} is deliberately absent: Signet never produces or accepts it.
 *
 * <p>Each algorithm knows its family, its JCA name, the key type it needs and the minimum key
 * size it accepts. Whether this runtime can use it is {@link #isAvailable()}.
 */
// The one mutable field, available, memoizes a pure function of the constant: a race computes the same
// value twice, never a different one.
@SuppressWarnings("ImmutableEnumChecker")
public enum JwsAlgorithm {
    HS256("HS256", KeyType.OCT, "HmacSHA256", 256, null),
    HS384("HS384", KeyType.OCT, "HmacSHA384", 384, null),
    HS512("HS512", KeyType.OCT, "HmacSHA512", 512, null),
    RS256("RS256", KeyType.RSA, "SHA256withRSA", 2048, null),
    RS384("RS384", KeyType.RSA, "SHA384withRSA", 2048, null),
    RS512("RS512", KeyType.RSA, "SHA512withRSA", 2048, null),
    PS256("PS256", KeyType.RSA, "SHA-256", 2048, null),
    PS384("PS384", KeyType.RSA, "SHA-384", 2048, null),
    PS512("PS512", KeyType.RSA, "SHA-512", 2048, null),
    ES256("ES256", KeyType.EC, "SHA256withECDSA", 256, Curve.P_256),
    ES384("ES384", KeyType.EC, "SHA384withECDSA", 384, Curve.P_384),
    ES512("ES512", KeyType.EC, "SHA512withECDSA", 521, Curve.P_521),
    ES256K("ES256K", KeyType.EC, "SHA256withECDSA", 256, Curve.SECP256K1),
    /** RFC 8037 EdDSA: the curve comes from the key (Ed25519 or Ed448). */
    EDDSA("EdDSA", KeyType.OKP, "EdDSA", 255, null),
    ED25519("Ed25519", KeyType.OKP, "Ed25519", 255, Curve.ED25519),
    ED448("Ed448", KeyType.OKP, "Ed448", 448, Curve.ED448),
    ML_DSA_44("ML-DSA-44", KeyType.AKP, "ML-DSA-44", 0, null),
    ML_DSA_65("ML-DSA-65", KeyType.AKP, "ML-DSA-65", 0, null),
    ML_DSA_87("ML-DSA-87", KeyType.AKP, "ML-DSA-87", 0, null);

    private final String identifier;
    private final KeyType keyType;
    private final String jcaName;
    private final int minimumKeyBits;
    private final Curve curve;
    private volatile Boolean available;

    JwsAlgorithm(String identifier, KeyType keyType, String jcaName, int minimumKeyBits, Curve curve) {
        this.identifier = identifier;
        this.keyType = keyType;
        this.jcaName = jcaName;
        this.minimumKeyBits = minimumKeyBits;
        this.curve = curve;
    }

    /** The {@code alg} header value. */
    public String identifier() {
        return identifier;
    }

    /** The key type this algorithm needs. */
    public KeyType keyType() {
        return keyType;
    }

    /** The JCA name of the primitive (for PSS: the hash). */
    public String jcaName() {
        return jcaName;
    }

    /**
     * The smallest key accepted, in bits: the hash output for HMAC (RFC 7518 §3.2), 2048 for RSA
     * (RFC 7518 §3.3), the curve size for ECDSA and EdDSA; 0 where the parameter set fixes it.
     */
    public int minimumKeyBits() {
        return minimumKeyBits;
    }

    /** The curve this algorithm is bound to, or {@code null} (not EC, or EdDSA with either curve). */
    public Curve curve() {
        return curve;
    }

    /** Whether the key is a shared secret (HMAC). */
    public boolean isSymmetric() {
        return keyType == KeyType.OCT;
    }

    /** Whether {@code crv} is a curve this algorithm may use. */
    public boolean acceptsCurve(Curve crv) {
        if (this == EDDSA) {
            return crv == Curve.ED25519 || crv == Curve.ED448;
        }
        return curve == null || curve == crv;
    }

    /**
     * The algorithm that actually runs with a key on {@code crv}: {@code EdDSA} becomes
     * {@code Ed25519} or {@code Ed448}; every other algorithm is itself.
     */
    JwsAlgorithm resolvedFor(Curve crv) {
        if (this == EDDSA) {
            return crv == Curve.ED448 ? ED448 : ED25519;
        }
        return this;
    }

    /** The algorithm for an {@code alg} value (case-sensitive, RFC 7515 §4.1.1), or {@code null}. */
    public static JwsAlgorithm fromIdentifier(String alg) {
        if (alg == null) {
            return null;
        }
        for (JwsAlgorithm a : values()) {
            if (a.identifier.equals(alg)) {
                return a;
            }
        }
        return null;
    }

    /** Whether the installed JCA providers can sign and verify with this algorithm. */
    public boolean isAvailable() {
        Boolean a = available;
        if (a == null) {
            a = family().isAvailable(this);
            available = a;
        }
        return a;
    }

    /** The family implementation (internal). */
    SignatureFamily family() {
        return switch (keyType) {
            case OCT -> Hmac.INSTANCE;
            case RSA -> Rsa.INSTANCE;
            case EC -> Ecdsa.INSTANCE;
            case OKP -> EdDsa.INSTANCE;
            default -> MlDsa.INSTANCE;
        };
    }
}
