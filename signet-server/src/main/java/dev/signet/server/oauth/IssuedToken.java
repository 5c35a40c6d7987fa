package dev.signet.server.oauth;

import java.util.List;

/** An access token as returned by the token endpoint (RFC 6749 §5.1). */
public record IssuedToken(String accessToken, long expiresInSeconds, String scope, List<String> audiences) {

    @Override
    public String toString() {
        return "IssuedToken[expires in " + expiresInSeconds + " s, scope=" + scope + "]";
    }
}
