package dev.signet.jose;

/**
 * A verified JWT: its header, its claims and the key that verified it. Only {@link JwtVerifier}
 * makes one, after every configured check has passed.
 */
public final class Jwt {

    private final JwsHeader header;
    private final JwtClaims claims;
    private final Jwk key;

    Jwt(JwsHeader header, JwtClaims claims, Jwk key) {
        this.header = header;
        this.claims = claims;
        this.key = key;
    }

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

    @Override
    public String toString() {
        return "Jwt{" + header + ", " + claims + "}";
    }
}
