package dev.signet.server.oauth;

import java.util.List;

/**
 * What the token endpoint returns (RFC 6749 §5.1): an access token, and for a person's sign-in an
 * ID token (OpenID Connect Core §3.1.3.3) and a refresh token, each null when not issued.
 */
public record IssuedToken(
        String accessToken,
        long expiresInSeconds,
        String scope,
        List<String> audiences,
        String idToken,
        String refreshToken) {

    public IssuedToken {
        audiences = List.copyOf(audiences);
    }

    /** An access token alone. */
    public IssuedToken(String accessToken, long expiresInSeconds, String scope, List<String> audiences) {
        this(accessToken, expiresInSeconds, scope, audiences, null, null);
    }

    /** The same answer with an ID token and a refresh token (either may be null). */
    public IssuedToken with(String id, String refresh) {
        return new IssuedToken(accessToken, expiresInSeconds, scope, audiences, id, refresh);
    }

    @Override
    public String toString() {
        return "IssuedToken[expires in " + expiresInSeconds + " s, scope=" + scope
                + (idToken != null ? ", id token" : "") + (refreshToken != null ? ", refresh token" : "") + "]";
    }
}
