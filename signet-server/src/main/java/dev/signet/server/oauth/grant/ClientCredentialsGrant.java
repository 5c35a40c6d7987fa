package dev.signet.server.oauth.grant;

import dev.signet.server.oauth.AccessTokens;
import dev.signet.server.oauth.IssuedToken;
import dev.signet.server.oauth.TokenRequest;
import dev.signet.server.store.ClientRecord;

/**
 * The client-credentials grant (RFC 6749 §4.4): a client gets an access token for itself, with the
 * scopes and audiences it asks for among those it is registered for (all of them when it names none).
 */
public final class ClientCredentialsGrant implements Grant {

    public static final String TYPE = "client_credentials";

    private final AccessTokens tokens;

    public ClientCredentialsGrant(AccessTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public String grantType() {
        return TYPE;
    }

    @Override
    public IssuedToken issue(String tenant, ClientRecord client, TokenRequest request) {
        // Scopes before resources: a request wrong in both is answered invalid_scope.
        return tokens.mint(
                tenant,
                client,
                TYPE,
                ClientAllowance.scopes(client, request.scope()),
                ClientAllowance.audiences(client, request.resources()));
    }
}
