package dev.signet.server.client;

import dev.signet.server.store.ClientRecord;
import java.util.List;

/**
 * A client declared in the bootstrap section. The secret is read from the environment or a file
 * named in the configuration; the configuration itself never holds it. A {@code private_key_jwt}
 * client has no secret but a public JWK Set ({@code jwks}, JSON) or the URL that serves it ({@code jwksUri}).
 * A public client ({@code type: public}) has neither: it authenticates with its id ({@code none}) and PKCE.
 */
public record ClientSpec(
        String id,
        String secret,
        String secretSource,
        List<String> grants,
        List<String> scopes,
        List<String> audiences,
        String tokenFormat,
        String authMethod,
        String jwks,
        String jwksUri,
        String type,
        List<String> redirectUris,
        List<String> postLogoutRedirectUris,
        boolean requireMfa,
        ClientRecord.RefreshLifetimes refresh,
        List<String> claims) {

    public ClientSpec {
        grants = List.copyOf(grants);
        scopes = List.copyOf(scopes);
        audiences = List.copyOf(audiences);
        redirectUris = List.copyOf(redirectUris);
        postLogoutRedirectUris = List.copyOf(postLogoutRedirectUris);
        claims = List.copyOf(claims);
        if (type == null) {
            type = ClientRecord.CONFIDENTIAL;
        }
        if (refresh == null) {
            refresh = ClientRecord.RefreshLifetimes.DEFAULT;
        }
    }

    /** A confidential machine client. */
    public ClientSpec(
            String id,
            String secret,
            String secretSource,
            List<String> grants,
            List<String> scopes,
            List<String> audiences,
            String tokenFormat,
            String authMethod,
            String jwks,
            String jwksUri) {
        this(
                id,
                secret,
                secretSource,
                grants,
                scopes,
                audiences,
                tokenFormat,
                authMethod,
                jwks,
                jwksUri,
                ClientRecord.CONFIDENTIAL,
                List.of(),
                List.of(),
                false,
                ClientRecord.RefreshLifetimes.DEFAULT,
                List.of());
    }

    @Override
    public String toString() {
        // The secret never reaches logs through toString.
        return "ClientSpec[id=" + id + ", type=" + type + ", "
                + (secret == null ? "no secret" : "secret from " + secretSource) + ", grants=" + grants + ", scopes="
                + scopes + ", audiences=" + audiences + ", tokenFormat=" + tokenFormat + ", authMethod=" + authMethod
                + ", redirectUris=" + redirectUris + "]";
    }
}
