package dev.signet.server.oauth.grant;

import dev.signet.jose.UntrustedText;
import dev.signet.server.Secrets;
import dev.signet.server.identity.UserAccount;
import dev.signet.server.identity.UserDirectory;
import dev.signet.server.oauth.AccessTokens;
import dev.signet.server.oauth.IdTokens;
import dev.signet.server.oauth.IssuedToken;
import dev.signet.server.oauth.OAuthError;
import dev.signet.server.oauth.RefreshTokens;
import dev.signet.server.oauth.TokenRequest;
import dev.signet.server.store.ClientRecord;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The refresh-token grant (RFC 6749 §6) with rotation ({@link RefreshTokens}): the presented token
 * is consumed and its successor returned, with a new access token (and ID token under
 * {@code openid}). {@code scope} may narrow the access token to a subset of the family's scopes;
 * the family keeps its own. Another client's token, a token used before (which revokes its whole
 * family), an expired or revoked one, or one whose user is gone or disabled: {@code invalid_grant}.
 */
public final class RefreshTokenGrant implements Grant {

    public static final String TYPE = "refresh_token";

    private final RefreshTokens refresh;
    private final UserTokens issuing;

    public RefreshTokenGrant(RefreshTokens refresh, AccessTokens access, IdTokens idTokens, UserDirectory users) {
        this.refresh = refresh;
        this.issuing = new UserTokens(access, idTokens, users);
    }

    @Override
    public String grantType() {
        return TYPE;
    }

    @Override
    public IssuedToken issue(String tenant, ClientRecord client, TokenRequest request) {
        String presented = request.parameter("refresh_token");
        if (presented == null || presented.isEmpty()) {
            throw OAuthError.invalidRequest("refresh_token is required");
        }
        if (presented.length() > 512) {
            throw OAuthError.invalidGrant("the refresh token is invalid, expired or revoked");
        }
        List<String> requestedAudiences =
                request.resources().isEmpty() ? null : ClientAllowance.audiences(client, request.resources());
        List<List<String>> granted = new java.util.ArrayList<>();
        RefreshTokens.Rotated r = refresh.rotate(tenant, client, presented, family -> {
            // Checked before the token is consumed: a refused request leaves it usable.
            granted.add(narrowed(family.scopes(), request.scope()));
            granted.add(audiences(family.audiences(), requestedAudiences));
        });
        RefreshTokens.Family f = r.family();
        // rotate() checked the user before it rotated; read again for the claims of the new tokens
        UserAccount user = issuing.activeUser(tenant, f.userId());
        List<String> scopes = granted.get(0);
        List<String> audiences = granted.get(1);
        IssuedToken t = issuing.issue(
                tenant,
                client,
                TYPE,
                Secrets.randomId(),
                user,
                new IdTokens.Subject(f.userId(), f.sid(), f.authTime(), f.acr(), f.amr(), null),
                scopes,
                audiences);
        return t.with(t.idToken(), r.refreshToken());
    }

    /** RFC 8707: the requested resources, each granted to the family; none requested means all of them. */
    static List<String> audiences(List<String> granted, List<String> requested) {
        if (requested == null) {
            return granted;
        }
        for (String a : requested) {
            if (!granted.contains(a)) {
                throw OAuthError.invalidTarget(
                        "resource '" + UntrustedText.printable(a) + "' was not granted with this refresh token");
            }
        }
        return requested;
    }

    /** RFC 6749 §6: the requested scopes, each granted to the family; none requested means all of them. */
    static List<String> narrowed(List<String> granted, String requested) {
        if (requested == null) {
            return granted;
        }
        if (requested.isEmpty() || requested.startsWith(" ") || requested.endsWith(" ") || requested.contains("  ")) {
            throw OAuthError.invalidScope("scope must be scope tokens separated by single spaces");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String s : requested.split(" ", -1)) {
            if (!granted.contains(s)) {
                throw OAuthError.invalidScope("scope '" + UntrustedText.printable(s)
                        + "' was not granted with this refresh token; a refresh may only narrow the scope");
            }
            out.add(s);
        }
        return List.copyOf(out);
    }
}
