package dev.signet.server.client;

import java.util.List;

/**
 * A client declared in the bootstrap section. The secret is read from the environment or a file
 * named in the configuration; the configuration itself never holds it. A {@code private_key_jwt}
 * client has no secret but a public JWK Set ({@code jwks}, JSON) or the URL that serves it ({@code jwksUri}).
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
        String jwksUri) {

    public ClientSpec {
        grants = List.copyOf(grants);
        scopes = List.copyOf(scopes);
        audiences = List.copyOf(audiences);
    }

    @Override
    public String toString() {
        // The secret never reaches logs through toString.
        return "ClientSpec[id=" + id + ", " + (secret == null ? "public keys" : "secret from " + secretSource)
                + ", grants=" + grants + ", scopes=" + scopes + ", audiences=" + audiences + ", tokenFormat="
                + tokenFormat + ", authMethod=" + authMethod + "]";
    }
}
