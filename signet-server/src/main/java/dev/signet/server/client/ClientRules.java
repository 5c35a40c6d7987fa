package dev.signet.server.client;

import dev.signet.jose.JoseException;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.KeyType;
import dev.signet.server.oauth.grant.ClientCredentialsGrant;
import dev.signet.verify.KeySetUrl;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * What a client registration may hold, checked the same way for the bootstrap file and the admin
 * API. Each check names the field ({@code at}) and what it accepts, by a {@link ClientRuleViolation}.
 */
public final class ClientRules {

    public static final List<String> AUTH_METHODS =
            List.of("client_secret_basic", "client_secret_post", "private_key_jwt");
    /** The grants a client may be registered for. */
    public static final List<String> GRANTS = List.of(ClientCredentialsGrant.TYPE);

    public static final List<String> TOKEN_FORMATS = List.of("jwt", "opaque");

    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~-]{0,127}");
    // RFC 6749 §3.3 scope-token: %x21 / %x23-5B / %x5D-7E
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,128}");

    private ClientRules() {}

    public static String id(String at, String id) {
        if (!CLIENT_ID.matcher(id).matches()) {
            throw new ClientRuleViolation(
                    at,
                    "'" + id + "' is not allowed; expected 1 to 128 of A-Z a-z 0-9 . _ ~ -,"
                            + " starting with a letter or digit");
        }
        return id;
    }

    public static String oneOf(String at, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new ClientRuleViolation(
                    at, "'" + value + "' is not allowed; allowed values: " + String.join(", ", allowed));
        }
        return value;
    }

    public static List<String> grants(String at, List<String> grants) {
        for (String g : grants) {
            oneOf(at, g, GRANTS);
        }
        return grants;
    }

    public static List<String> scopes(String at, List<String> scopes) {
        for (String s : scopes) {
            if (!SCOPE_TOKEN.matcher(s).matches()) {
                throw new ClientRuleViolation(
                        at,
                        "'" + s + "' is not a scope token (RFC 6749 §3.3: printable ASCII without space, \" or \\)");
            }
        }
        return scopes;
    }

    public static List<String> audiences(String at, List<String> audiences) {
        if (audiences.isEmpty()) {
            throw new ClientRuleViolation(at, "expected at least one audience (the APIs its tokens are for)");
        }
        for (String a : audiences) {
            if (a.isBlank() || a.length() > 512 || a.chars().anyMatch(ch -> ch <= 0x20 || ch == 0x7F)) {
                throw new ClientRuleViolation(
                        at, "'" + a + "' is not an audience: 1 to 512 printable characters, no spaces");
            }
        }
        return audiences;
    }

    /**
     * Where a client publishes its keys: an https URL, or http on a loopback address (a sidecar,
     * tests). The URL comes from the operator, never from a request.
     */
    public static String jwksUri(String at, String value) {
        try {
            KeySetUrl.parse(value);
            return value;
        } catch (IllegalArgumentException e) {
            throw new ClientRuleViolation(
                    at,
                    "'" + value + "' is not allowed (" + e.getMessage()
                            + "); expected an https URL (http only on a loopback address), without user info or"
                            + " fragment");
        }
    }

    /**
     * A client's public keys: a JWK Set as a mapping or a JSON string; public, asymmetric keys only. Returns its JSON.
     */
    public static String jwks(String at, JsonNode node) {
        if (node == null || node.isNull()) {
            throw new ClientRuleViolation(
                    at, "a private_key_jwt client needs jwks: its public JWK Set ({keys: [...]})");
        }
        String json = node.isString() ? node.asString() : node.toString();
        JwkSet set;
        try {
            set = JwkSet.parse(json);
        } catch (JoseException e) {
            throw new ClientRuleViolation(at, "is not a JWK Set: " + e.getMessage());
        }
        if (set.keys().isEmpty()) {
            throw new ClientRuleViolation(
                    at, "holds no usable key" + (set.skipped().isEmpty() ? "" : " (skipped: " + set.skipped() + ")"));
        }
        for (Jwk k : set.keys()) {
            if (k.keyType() == KeyType.OCT) {
                throw new ClientRuleViolation(
                        at, "holds a symmetric key; private_key_jwt needs public keys (RSA, EC, OKP, AKP)");
            }
            if (k.isPrivate()) {
                throw new ClientRuleViolation(at, "holds a private key; give the server the public keys only");
            }
        }
        return set.toJson();
    }
}
