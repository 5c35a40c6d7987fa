package dev.signet.server.store;

import java.util.List;

/**
 * A registered OAuth client as stored: the secret only as its SHA-256 (null for private_key_jwt),
 * the public JWK Set or the URL it is published at for private_key_jwt (else both null).
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
        String jwksUri) {

    public ClientRecord {
        grants = List.copyOf(grants);
        scopes = List.copyOf(scopes);
        audiences = List.copyOf(audiences);
    }
}
