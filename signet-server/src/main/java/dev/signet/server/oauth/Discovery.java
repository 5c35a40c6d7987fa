package dev.signet.server.oauth;

import dev.signet.jose.JwsAlgorithm;
import dev.signet.server.keys.TenantAlgorithms;
import dev.signet.server.oauth.grant.Grants;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Authorization server metadata (RFC 8414, and the same document at the OpenID discovery path):
 * exactly the endpoints, grants and methods this server implements, nothing it does not.
 */
public final class Discovery {

    private final Issuers issuers;
    private final Grants grants;

    public Discovery(Issuers issuers, Grants grants) {
        this.issuers = issuers;
        this.grants = grants;
    }

    public Map<String, Object> metadata(String tenant) {
        String iss = issuers.issuer(tenant);
        List<String> authMethods =
                List.of(ClientCredentials.BASIC, ClientCredentials.POST, ClientCredentials.PRIVATE_KEY_JWT);
        List<String> assertionAlgs = ClientAuthenticator.ASSERTION_ALGORITHMS.stream()
                .map(JwsAlgorithm::identifier)
                .toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", iss);
        m.put("token_endpoint", iss + "/token");
        m.put("jwks_uri", iss + "/jwks");
        m.put("introspection_endpoint", iss + "/introspect");
        m.put("revocation_endpoint", iss + "/revoke");
        m.put("grant_types_supported", grants.types());
        m.put("response_types_supported", List.of());
        m.put("token_endpoint_auth_methods_supported", authMethods);
        m.put("token_endpoint_auth_signing_alg_values_supported", assertionAlgs);
        m.put("introspection_endpoint_auth_methods_supported", authMethods);
        m.put("introspection_endpoint_auth_signing_alg_values_supported", assertionAlgs);
        m.put("revocation_endpoint_auth_methods_supported", authMethods);
        m.put("revocation_endpoint_auth_signing_alg_values_supported", assertionAlgs);
        m.put(
                "access_token_signing_alg_values_supported",
                TenantAlgorithms.available().stream()
                        .map(JwsAlgorithm::identifier)
                        .toList());
        return m;
    }
}
