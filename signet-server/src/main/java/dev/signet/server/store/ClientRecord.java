package dev.signet.server.store;

import java.time.Duration;
import java.util.List;

/**
 * A registered OAuth client as stored: the secret only as its SHA-256 (null for private_key_jwt
 * and public clients), the public JWK Set or the URL it is published at for private_key_jwt (else
 * both null).
 *
 * <p>Clients that people sign in to also have a {@code type} ({@link #CONFIDENTIAL}, or
 * {@link #PUBLIC}: no secret, auth method {@code none}, PKCE only), the redirect URIs it may ask
 * for (exact strings), whether every sign-in to it needs MFA, the lifetimes of its refresh tokens,
 * and the claims its access tokens carry beyond the standard ones ({@code org_id}, {@code roles}).
 */
public record ClientRecord(
        String tenant,
        String clientId,
        String secretHash,
        List<String> grants,
        List<String> scopes,
        List<String> audiences,
        String tokenFormat,
        String authMethod,
        boolean enabled,
        String jwks,
        String jwksUri,
        String type,
        List<String> redirectUris,
        List<String> postLogoutRedirectUris,
        boolean requireMfa,
        RefreshLifetimes refresh,
        List<String> claims) {

    /** A client that keeps a credential: a secret or keys. */
    public static final String CONFIDENTIAL = "confidential";
    /** A client that cannot keep a secret (a SPA, a mobile app): authenticates with its id only, uses PKCE. */
    public static final String PUBLIC = "public";
    /** The token endpoint auth method of a public client (RFC 7591 §2). */
    public static final String AUTH_NONE = "none";

    /**
     * How long a client's refresh tokens live: {@code idle} since the last refresh, {@code absolute}
     * since the sign-in, and the {@code reuseGrace} within which a retry of a just-used token gets
     * the same successor.
     */
    public record RefreshLifetimes(Duration idle, Duration absolute, Duration reuseGrace) {
        public static final RefreshLifetimes DEFAULT =
                new RefreshLifetimes(Duration.ofDays(14), Duration.ofDays(90), Duration.ZERO);
    }

    public ClientRecord {
        grants = List.copyOf(grants);
        scopes = List.copyOf(scopes);
        audiences = List.copyOf(audiences);
        redirectUris = List.copyOf(redirectUris);
        postLogoutRedirectUris = List.copyOf(postLogoutRedirectUris);
        claims = List.copyOf(claims);
        if (refresh == null) {
            refresh = RefreshLifetimes.DEFAULT;
        }
        if (type == null) {
            type = CONFIDENTIAL;
        }
    }

    /** A confidential machine client (no redirect URIs, default refresh lifetimes, no claim mappings). */
    public ClientRecord(
            String tenant,
            String clientId,
            String secretHash,
            List<String> grants,
            List<String> scopes,
            List<String> audiences,
            String tokenFormat,
            String authMethod,
            boolean enabled,
            String jwks,
            String jwksUri) {
        this(
                tenant,
                clientId,
                secretHash,
                grants,
                scopes,
                audiences,
                tokenFormat,
                authMethod,
                enabled,
                jwks,
                jwksUri,
                CONFIDENTIAL,
                List.of(),
                List.of(),
                false,
                RefreshLifetimes.DEFAULT,
                List.of());
    }

    /** Whether this is a public client (no secret, {@code none}). */
    public boolean isPublic() {
        return PUBLIC.equals(type);
    }

    /** The same client with another secret hash. */
    public ClientRecord withSecretHash(String hash) {
        return new ClientRecord(
                tenant,
                clientId,
                hash,
                grants,
                scopes,
                audiences,
                tokenFormat,
                authMethod,
                enabled,
                jwks,
                jwksUri,
                type,
                redirectUris,
                postLogoutRedirectUris,
                requireMfa,
                refresh,
                claims);
    }

    /** The same client, enabled or disabled. */
    public ClientRecord withEnabled(boolean on) {
        return new ClientRecord(
                tenant,
                clientId,
                secretHash,
                grants,
                scopes,
                audiences,
                tokenFormat,
                authMethod,
                on,
                jwks,
                jwksUri,
                type,
                redirectUris,
                postLogoutRedirectUris,
                requireMfa,
                refresh,
                claims);
    }
}
