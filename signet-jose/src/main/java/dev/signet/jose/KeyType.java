package dev.signet.jose;

/** JWK key types (RFC 7518 §6.1, RFC 8037 §2, draft-ietf-cose-dilithium for {@code AKP}). */
public enum KeyType {
    RSA("RSA"),
    EC("EC"),
    OKP("OKP"),
    OCT("oct"),
    AKP("AKP");

    private final String identifier;

    KeyType(String identifier) {
        this.identifier = identifier;
    }

    /** The {@code kty} value. */
    public String identifier() {
        return identifier;
    }

    /** The key type for a {@code kty} value (case-sensitive), or {@code null}. */
    public static KeyType fromIdentifier(String kty) {
        for (KeyType t : values()) {
            if (t.identifier.equals(kty)) {
                return t;
            }
        }
        return null;
    }
}
