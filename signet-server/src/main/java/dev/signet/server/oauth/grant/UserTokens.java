package dev.signet.server.oauth.grant;

import dev.signet.server.identity.UserAccount;
import dev.signet.server.identity.UserDirectory;
import dev.signet.server.oauth.AccessTokens;
import dev.signet.server.oauth.IdTokens;
import dev.signet.server.oauth.IssuedToken;
import dev.signet.server.oauth.OAuthError;
import dev.signet.server.store.ClientRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the authorization-code and refresh-token grants share: the user check before anything is
 * signed, the claims a client's mappings add, and the access token plus ID token they answer with.
 */
final class UserTokens {

    /** The scope that makes a request an OpenID Connect one: an ID token is issued. */
    static final String OPENID = "openid";

    private final AccessTokens access;
    private final IdTokens idTokens;
    private final UserDirectory users;

    UserTokens(AccessTokens access, IdTokens idTokens, UserDirectory users) {
        this.access = access;
        this.idTokens = idTokens;
        this.users = users;
    }

    AccessTokens access() {
        return access;
    }

    /** The user, who must exist and be enabled, else {@code invalid_grant}. */
    UserAccount activeUser(String tenant, String userId) {
        UserAccount u = users.find(tenant, userId).orElse(null);
        if (u == null || !u.enabled()) {
            throw OAuthError.invalidGrant("the user no longer exists or is disabled");
        }
        return u;
    }

    /** What a person's sign-in answers: an access token, and an ID token when {@code openid} was granted. */
    IssuedToken issue(
            String tenant,
            ClientRecord client,
            String grantType,
            String jti,
            UserAccount user,
            IdTokens.Subject subject,
            List<String> scopes,
            List<String> audiences) {
        IssuedToken t = access.mintForUser(
                tenant,
                client,
                grantType,
                jti,
                new AccessTokens.User(
                        user.userId(), subject.sid(), subject.authTime(), subject.acr(), mapped(client, user)),
                scopes,
                audiences);
        String id = scopes.contains(OPENID)
                ? idTokens.mint(tenant, client.clientId(), subject, t.accessToken(), access.lifetime(tenant))
                : null;
        return t.with(id, null);
    }

    /** The claims the client's registration maps into its access tokens: none unless it names them. */
    static Map<String, Object> mapped(ClientRecord client, UserAccount user) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String c : client.claims()) {
            switch (c) {
                case "org_id" -> m.put("org_id", user.tenant());
                case "roles" -> m.put("roles", user.roles());
                default -> {
                    // ClientRules allows no other mapping
                }
            }
        }
        return m;
    }

    /** Whether {@code now} is at or after {@code t}. */
    static boolean reached(Instant now, Instant t) {
        return !now.isBefore(t);
    }
}
