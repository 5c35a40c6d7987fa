package dev.signet.server.oauth;

import dev.signet.jose.JwsAlgorithm;
import dev.signet.server.keys.TenantAlgorithms;
import dev.signet.server.oauth.grant.Grants;
import dev.signet.server.store.ClientRecord;
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

    /** The scopes this server gives a meaning to; clients may be registered for others (their APIs' own). */
    static final List<String> SCOPES = List.of("openid", "profile", "email", "offline_access");

    /** The claims an ID token, access token or userinfo answer may hold. */
    static final List<String> CLAIMS = List.of(
            "iss",
            "sub",
            "aud",
            "exp",
            "iat",
            "auth_time",
            "nonce",
            "acr",
            "amr",
            "sid",
            "azp",
            "at_hash",
            "name",
            "preferred_username",
            "email",
            "email_verified");

    /** Password alone, and password with a second factor. */
    public static final List<String> ACR_VALUES = List.of("urn:signet:acr:pwd", "urn:signet:acr:mfa");

    /**
     * The metadata of a tenant's issuer: RFC 8414 and OpenID Connect Discovery §3 (every member it
     * requires: issuer, authorization_endpoint, jwks_uri, response_types_supported,
     * subject_types_supported, id_token_signing_alg_values_supported).
     */
    public Map<String, Object> metadata(String tenant) {
        String iss = issuers.issuer(tenant);
        List<String> secretMethods =
                List.of(ClientCredentials.BASIC, ClientCredentials.POST, ClientCredentials.PRIVATE_KEY_JWT);
        List<String> tokenMethods = List.of(
                ClientCredentials.BASIC,
                ClientCredentials.POST,
                ClientCredentials.PRIVATE_KEY_JWT,
                ClientRecord.AUTH_NONE);
        List<String> assertionAlgs = ClientAuthenticator.ASSERTION_ALGORITHMS.stream()
                .map(JwsAlgorithm::identifier)
                .toList();
        List<String> signingAlgs = TenantAlgorithms.available().stream()
                .map(JwsAlgorithm::identifier)
                .toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", iss);
        m.put("authorization_endpoint", iss + "/authorize");
        m.put("token_endpoint", iss + "/token");
        m.put("userinfo_endpoint", iss + "/userinfo");
        m.put("end_session_endpoint", iss + "/logout");
        m.put("jwks_uri", iss + "/jwks");
        m.put("introspection_endpoint", iss + "/introspect");
        m.put("revocation_endpoint", iss + "/revoke");
        m.put("scopes_supported", SCOPES);
        m.put("response_types_supported", List.of("code"));
        m.put("response_modes_supported", List.of("query"));
        m.put("grant_types_supported", grants.types());
        m.put("subject_types_supported", List.of("public"));
        m.put("code_challenge_methods_supported", List.of("S256"));
        m.put("acr_values_supported", ACR_VALUES);
        m.put("claims_supported", CLAIMS);
        m.put("claims_parameter_supported", false);
        m.put("request_parameter_supported", false);
        m.put("request_uri_parameter_supported", false);
        m.put("authorization_response_iss_parameter_supported", true);
        m.put("id_token_signing_alg_values_supported", signingAlgs);
        m.put("token_endpoint_auth_methods_supported", tokenMethods);
        m.put("token_endpoint_auth_signing_alg_values_supported", assertionAlgs);
        m.put("introspection_endpoint_auth_methods_supported", secretMethods);
        m.put("introspection_endpoint_auth_signing_alg_values_supported", assertionAlgs);
        m.put("revocation_endpoint_auth_methods_supported", tokenMethods);
        m.put("revocation_endpoint_auth_signing_alg_values_supported", assertionAlgs);
        m.put("access_token_signing_alg_values_supported", signingAlgs);
        return m;
    }
}
