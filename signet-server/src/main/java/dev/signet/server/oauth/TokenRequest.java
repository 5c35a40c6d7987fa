package dev.signet.server.oauth;

import java.util.List;

/**
 * A parsed token request: grant type, the raw {@code scope} (or null), the RFC 8707 resource indicators, and the
 * request's other parameters, which each grant reads for itself ({@code code},
 * {@code redirect_uri}, {@code refresh_token} ...).
 */
public record TokenRequest(String grantType, String scope, List<String> resources, Parameters parameters) {

    /** The single-valued parameters of the request body. */
    @FunctionalInterface
    public interface Parameters {
        /** The value of parameter {@code name}, or null when the request has none. */
        String get(String name);
    }

    public TokenRequest {
        resources = List.copyOf(resources);
    }

    /** The value of parameter {@code name}, or null when the request has none. */
    public String parameter(String name) {
        return parameters.get(name);
    }
}
