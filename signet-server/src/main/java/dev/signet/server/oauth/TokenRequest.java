package dev.signet.server.oauth;

import java.util.List;

/** A parsed token request: grant type, the raw {@code scope} (or null) and the RFC 8707 {@code resource} values. */
public record TokenRequest(String grantType, String scope, List<String> resources) {

    public TokenRequest {
        resources = List.copyOf(resources);
    }
}
