package dev.signet.server.oauth;

import dev.signet.server.identity.UserAccount;
import dev.signet.server.identity.UserDirectory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OpenID Connect UserInfo answer (Core §5.3) for a bearer access token: {@code sub}, and by
 * the token's scopes {@code email}/{@code email_verified} ({@code email}) and
 * {@code name}/{@code preferred_username} ({@code profile}). The token is checked as introspection
 * checks it, and must have been issued for a user who still exists and is enabled.
 */
public final class UserInfo {

    /** Why a token gets no answer: an RFC 6750 §3.1 error code and status. */
    public static final class Denied extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final String error;
        private final int status;

        Denied(String error, int status, String description) {
            super(description, null, false, false);
            this.error = error;
            this.status = status;
        }

        /** {@code invalid_token} (401) or {@code insufficient_scope} (403). */
        public String error() {
            return error;
        }

        public int status() {
            return status;
        }
    }

    private final IntrospectionService introspection;
    private final UserDirectory users;

    public UserInfo(IntrospectionService introspection, UserDirectory users) {
        this.introspection = introspection;
        this.users = users;
    }

    /** The claims for {@code accessToken} of {@code tenant}. @throws Denied when it gets none */
    public Map<String, Object> claims(String tenant, String accessToken) {
        IntrospectionService.ActiveAccessToken t = introspection
                .activeAccessToken(tenant, accessToken)
                .orElseThrow(() -> new Denied("invalid_token", 401, "the access token is invalid, expired or revoked"));
        List<String> scopes = t.scopes();
        if (!scopes.contains("openid")) {
            throw new Denied("insufficient_scope", 403, "userinfo needs an access token with the openid scope");
        }
        // A client's own token (client credentials) names no user, whatever its sub looks like.
        Optional<UserAccount> found = t.forUser() ? users.find(tenant, t.subject()) : Optional.empty();
        UserAccount u = found.filter(UserAccount::enabled)
                .orElseThrow(() -> new Denied("invalid_token", 401, "the access token's user is unknown or disabled"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sub", u.userId());
        if (scopes.contains("profile")) {
            if (u.name() != null) {
                m.put("name", u.name());
            }
            m.put("preferred_username", u.username());
        }
        if (scopes.contains("email") && u.email() != null) {
            m.put("email", u.email());
            m.put("email_verified", u.emailVerified());
        }
        return m;
    }
}
