package dev.signet.server.oauth.grant;

import dev.signet.server.oauth.IssuedToken;
import dev.signet.server.oauth.OAuthError;
import dev.signet.server.oauth.TokenRequest;
import dev.signet.server.store.ClientRecord;

/**
 * One grant type of the token endpoint (RFC 6749 §1.3): the {@code grant_type} that selects it and
 * how it answers. Adding a grant is a class of this type and an entry in the {@link Grants} table.
 */
public interface Grant {

    /** The {@code grant_type} value that selects this grant, e.g. {@code client_credentials}. */
    String grantType();

    /**
     * Answers a token request of this grant.
     *
     * @param client the authenticated client, already known to be registered for this grant
     * @throws OAuthError when the request cannot be granted (RFC 6749 §5.2)
     */
    IssuedToken issue(String tenant, ClientRecord client, TokenRequest request);
}
