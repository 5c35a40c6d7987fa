package dev.signet.server.signin;

import java.util.List;
import java.util.Optional;

/** The clients as the sign-in pages need them: where they may be sent back, what they may ask for. */
@FunctionalInterface
public interface SignInClients {

    /**
     * One client.
     *
     * @param publicClient true for a public client (no secret; PKCE only)
     * @param scopes the scopes it may request
     * @param requireMfa whether every sign-in to it needs a second factor (its own setting or its tenant's)
     * @param authorizationCode whether it may use the authorization-code grant
     */
    record Client(
            String clientId,
            boolean publicClient,
            List<String> redirectUris,
            List<String> postLogoutRedirectUris,
            List<String> scopes,
            boolean requireMfa,
            boolean authorizationCode,
            boolean enabled) {

        public Client {
            redirectUris = List.copyOf(redirectUris);
            postLogoutRedirectUris = List.copyOf(postLogoutRedirectUris);
            scopes = List.copyOf(scopes);
        }
    }

    /** The client {@code clientId} of {@code tenant}, or empty when there is none. */
    Optional<Client> find(String tenant, String clientId);
}
