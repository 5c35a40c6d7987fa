package dev.signet.server.oauth;

import dev.signet.server.oauth.grant.Grant;
import dev.signet.server.oauth.grant.Grants;
import dev.signet.server.store.ClientRecord;

/**
 * Answers token requests (RFC 6749 §3.2) through the grant their {@code grant_type} names in the
 * {@link Grants} table, once the client is known to be allowed that grant.
 */
public final class TokenService {

    private final Grants grants;

    public TokenService(Grants grants) {
        this.grants = grants;
    }

    /** Answers a token request from an authenticated client. */
    public IssuedToken issue(String tenant, ClientRecord client, TokenRequest request) {
        if (request.grantType() == null) {
            throw OAuthError.invalidRequest("grant_type is required");
        }
        Grant grant = grants.require(request.grantType());
        if (!client.grants().contains(grant.grantType())) {
            throw OAuthError.unauthorizedClient("this client may not use the " + grant.grantType() + " grant");
        }
        return grant.issue(tenant, client, request);
    }
}
