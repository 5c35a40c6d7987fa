package dev.signet.jose;

/**
 * A verified JWT: its header, its claims and the key that verified it. Only {@link JwtVerifier}
 * makes one, after every configured check has passed.
 */
public final class Jwt {

    private final JwsHeader header;
    private final JwtClaims claims;
    private final Jwk key;
    private final JweHeader encryptionHeader;

    Jwt(JwsHeader header, JwtClaims claims, Jwk key, JweHeader encryptionHeader) {
        this.header = header;
        this.claims = claims;
        this.key = key;
        this.encryptionHeader = encryptionHeader;
    }

    /** The header of the signature (for a nested JWT: of the inner JWS). */
    public JwsHeader header() {
        return header;
    }

    public JwtClaims claims() {
        return claims;
    }

    /** The key whose signature was verified. */
    public Jwk key() {
        return key;
    }

    /** For a nested JWT (RFC 7519 §5.2), the header of the JWE it arrived in; null when it was not encrypted. */
    public JweHeader encryptionHeader() {
        return encryptionHeader;
    }

    @Override
    public String toString() {
        return "Jwt{" + header + ", " + claims + "}";
    }
}
