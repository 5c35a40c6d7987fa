package dev.signet.jose;

/**
 * JWE key management algorithms (RFC 7518 §4, RFC 8037 §3.2): how the content encryption key
 * (CEK) reaches the recipient.
 *
 * <p>{@link #RSA1_5} is here only so that old tokens can be read: its padding is the classic
 * oracle (Bleichenbacher; RFC 7516 §11.5). Encrypters and decrypters refuse it unless the caller
 * calls a method named {@code allowInsecureRsa1_5()}.
 */
public enum JweAlgorithm {
    /** RSAES-PKCS1-v1_5 (RFC 7518 §4.2). Insecure: only behind {@code allowInsecureRsa1_5()}. */
    RSA1_5("RSA1_5", Family.RSA, 0, null),
    /** RSAES-OAEP with SHA-1 and MGF1-SHA-1 (RFC 7518 §4.3). */
    RSA_OAEP("RSA-OAEP", Family.RSA, 0, "SHA-1"),
    /** RSAES-OAEP with SHA-256 and MGF1-SHA-256 (RFC 7518 §4.3). */
    RSA_OAEP_256("RSA-OAEP-256", Family.RSA, 0, "SHA-256"),
    /** RSAES-OAEP with SHA-384 and MGF1-SHA-384 (IANA JOSE registry). */
    RSA_OAEP_384("RSA-OAEP-384", Family.RSA, 0, "SHA-384"),
    /** RSAES-OAEP with SHA-512 and MGF1-SHA-512 (IANA JOSE registry). */
    RSA_OAEP_512("RSA-OAEP-512", Family.RSA, 0, "SHA-512"),
    /** ECDH-ES with the Concat KDF output used directly as the CEK (RFC 7518 §4.6). */
    ECDH_ES("ECDH-ES", Family.ECDH, 0, null),
    /** ECDH-ES, the derived key wrapping the CEK with A128KW. */
    ECDH_ES_A128KW("ECDH-ES+A128KW", Family.ECDH, 128, null),
    /** ECDH-ES, the derived key wrapping the CEK with A192KW. */
    ECDH_ES_A192KW("ECDH-ES+A192KW", Family.ECDH, 192, null),
    /** ECDH-ES, the derived key wrapping the CEK with A256KW. */
    ECDH_ES_A256KW("ECDH-ES+A256KW", Family.ECDH, 256, null),
    /** AES Key Wrap (RFC 3394) with a 128-bit key (RFC 7518 §4.4). */
    A128KW("A128KW", Family.AES_KW, 128, null),
    /** AES Key Wrap with a 192-bit key. */
    A192KW("A192KW", Family.AES_KW, 192, null),
    /** AES Key Wrap with a 256-bit key. */
    A256KW("A256KW", Family.AES_KW, 256, null),
    /** AES-GCM key encryption with a 128-bit key; {@code iv} and {@code tag} in the header (RFC 7518 §4.7). */
    A128GCMKW("A128GCMKW", Family.AES_GCM_KW, 128, null),
    /** AES-GCM key encryption with a 192-bit key. */
    A192GCMKW("A192GCMKW", Family.AES_GCM_KW, 192, null),
    /** AES-GCM key encryption with a 256-bit key. */
    A256GCMKW("A256GCMKW", Family.AES_GCM_KW, 256, null),
    /**
     * The shared symmetric key is the CEK (RFC 7518 §4.5); its length must be the content
     * encryption's. Every token then uses one key: with GCM's random 96-bit IVs, encrypt at most
     * 2^32 tokens per key (NIST SP 800-38D §8.3), or use a key-wrapping algorithm.
     */
    DIR("dir", Family.DIRECT, 0, null),
    /** PBKDF2 with HMAC-SHA-256 derives an A128KW key from a password (RFC 7518 §4.8). */
    PBES2_HS256_A128KW("PBES2-HS256+A128KW", Family.PBES2, 128, "HmacSHA256"),
    /** PBKDF2 with HMAC-SHA-384, A192KW. */
    PBES2_HS384_A192KW("PBES2-HS384+A192KW", Family.PBES2, 192, "HmacSHA384"),
    /** PBKDF2 with HMAC-SHA-512, A256KW. */
    PBES2_HS512_A256KW("PBES2-HS512+A256KW", Family.PBES2, 256, "HmacSHA512");

    /** How the CEK is protected; each family has one internal implementation. */
    enum Family {
        RSA,
        ECDH,
        AES_KW,
        AES_GCM_KW,
        DIRECT,
        PBES2
    }

    private final String identifier;
    private final Family family;
    private final int wrapKeyBits;
    private final String hash;

    JweAlgorithm(String identifier, Family family, int wrapKeyBits, String hash) {
        this.identifier = identifier;
        this.family = family;
        this.wrapKeyBits = wrapKeyBits;
        this.hash = hash;
    }

    /** The {@code alg} header value. */
    public String identifier() {
        return identifier;
    }

    /**
     * The key type of the recipient's key: {@code RSA}, {@code oct}, or for ECDH-ES {@code EC}
     * (P-256, P-384, P-521) and {@code OKP} (X25519, X448), see {@link #acceptsKey}.
     */
    public KeyType keyType() {
        return switch (family) {
            case RSA -> KeyType.RSA;
            case ECDH -> KeyType.EC;
            default -> KeyType.OCT;
        };
    }

    /** Whether a key of this type (and curve, for EC and OKP keys) can serve this algorithm. */
    public boolean acceptsKey(KeyType type, Curve curve) {
        if (family != Family.ECDH) {
            return type == keyType();
        }
        return curve == Curve.P_256
                || curve == Curve.P_384
                || curve == Curve.P_521
                || curve == Curve.X25519
                || curve == Curve.X448;
    }

    /** Whether this is a symmetric algorithm (the recipient's key is an {@code oct} secret). */
    public boolean isSymmetric() {
        return keyType() == KeyType.OCT;
    }

    /** Whether a caller must opt in by name to use it ({@link #RSA1_5}). */
    public boolean isInsecure() {
        return this == RSA1_5;
    }

    Family family() {
        return family;
    }

    /** Bits of the AES key-wrapping key (KW, GCMKW, ECDH-ES+KW, PBES2); 0 when the algorithm wraps nothing with AES. */
    int wrapKeyBits() {
        return wrapKeyBits;
    }

    /** The OAEP hash (JCA name) or the PBKDF2 PRF (JCA Mac name); null otherwise. */
    String hash() {
        return hash;
    }

    /** The algorithm for an {@code alg} value (case-sensitive), or {@code null}. */
    public static JweAlgorithm fromIdentifier(String alg) {
        if (alg == null) {
            return null;
        }
        for (JweAlgorithm a : values()) {
            if (a.identifier.equals(alg)) {
                return a;
            }
        }
        return null;
    }
}
