package dev.signet.server.client;

import dev.signet.jose.JoseException;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.KeyType;
import dev.signet.jose.UntrustedText;
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

    /** The longest client id: what the {@code clients.client_id} column holds (migration V1). */
    public static final int MAX_ID_LENGTH = 128;
    /** The most scopes a client may be registered for (the joined list fits the 8,000-character column). */
    public static final int MAX_SCOPES = 50;
    /** The longest scope token. */
    public static final int MAX_SCOPE_LENGTH = 128;
    /** The most audiences a client may be registered for. */
    public static final int MAX_AUDIENCES = 10;
    /** The longest audience. */
    public static final int MAX_AUDIENCE_LENGTH = 512;
    /** The most grants (each listed once) a registration may name. */
    public static final int MAX_GRANTS = 10;
    /** The longest {@code jwks_uri} (its column's width, migration V3). */
    public static final int MAX_JWKS_URI_LENGTH = 2000;
    /** The longest JWK Set, as JSON (its column's width, migration V2). */
    public static final int MAX_JWKS_LENGTH = 100_000;

    private static final Pattern CLIENT_ID =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~-]{0," + (MAX_ID_LENGTH - 1) + "}");
    // RFC 6749 §3.3 scope-token: %x21 / %x23-5B / %x5D-7E
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,128}");

    private ClientRules() {}

    public static String id(String at, String id) {
        if (!isClientId(id)) {
            throw new ClientRuleViolation(
                    at,
                    quote(id) + " is not allowed; expected 1 to " + MAX_ID_LENGTH + " of A-Z a-z 0-9 . _ ~ -,"
                            + " starting with a letter or digit");
        }
        return id;
    }

    /**
     * Whether {@code id} could name a registered client. A presented id that could not is refused
     * before any look-up: it cannot name a client, and it must not reach a cache or the database
     * (an id of 60 KB, or one with a NUL byte, is the attacker's, never a client's).
     */
    public static boolean isClientId(String id) {
        return id != null
                && !id.isEmpty()
                && id.length() <= MAX_ID_LENGTH
                && CLIENT_ID.matcher(id).matches();
    }

    public static String oneOf(String at, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new ClientRuleViolation(
                    at, quote(value) + " is not allowed; allowed values: " + String.join(", ", allowed));
        }
        return value;
    }

    public static List<String> grants(String at, List<String> grants) {
        atMost(at, grants, MAX_GRANTS, "grants");
        for (String g : grants) {
            oneOf(at, g, GRANTS);
        }
        return grants;
    }

    public static List<String> scopes(String at, List<String> scopes) {
        atMost(at, scopes, MAX_SCOPES, "scopes");
        for (String s : scopes) {
            if (!SCOPE_TOKEN.matcher(s).matches()) {
                throw new ClientRuleViolation(
                        at,
                        quote(s) + " is not a scope token (RFC 6749 §3.3: 1 to " + MAX_SCOPE_LENGTH
                                + " of printable ASCII without space, \" or \\)");
            }
        }
        return scopes;
    }

    public static List<String> audiences(String at, List<String> audiences) {
        if (audiences.isEmpty()) {
            throw new ClientRuleViolation(at, "expected at least one audience (the APIs its tokens are for)");
        }
        atMost(at, audiences, MAX_AUDIENCES, "audiences");
        for (String a : audiences) {
            if (a.isBlank()
                    || a.length() > MAX_AUDIENCE_LENGTH
                    || a.chars().anyMatch(ch -> ch <= 0x20 || ch == 0x7F || Character.isISOControl(ch))) {
                throw new ClientRuleViolation(
                        at,
                        quote(a) + " is not an audience: 1 to " + MAX_AUDIENCE_LENGTH
                                + " printable characters, no spaces");
            }
        }
        return audiences;
    }

    /**
     * Where a client publishes its keys: an https URL, or http on a loopback address (a sidecar,
     * tests). The URL comes from the operator, never from a request.
     */
    public static String jwksUri(String at, String value) {
        if (value.length() > MAX_JWKS_URI_LENGTH) {
            throw new ClientRuleViolation(
                    at, "is " + value.length() + " characters long; expected at most " + MAX_JWKS_URI_LENGTH);
        }
        try {
            KeySetUrl.parse(value);
            return value;
        } catch (IllegalArgumentException e) {
            throw new ClientRuleViolation(
                    at,
                    quote(value) + " is not allowed (" + e.getMessage()
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
        if (json.length() > MAX_JWKS_LENGTH) {
            throw new ClientRuleViolation(
                    at, "is " + json.length() + " characters of JSON; expected at most " + MAX_JWKS_LENGTH);
        }
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
        String out = set.toJson();
        if (out.length() > MAX_JWKS_LENGTH) {
            throw new ClientRuleViolation(
                    at, "is " + out.length() + " characters of JSON; expected at most " + MAX_JWKS_LENGTH);
        }
        return out;
    }

    private static void atMost(String at, List<String> values, int max, String what) {
        if (values.size() > max) {
            throw new ClientRuleViolation(at, values.size() + " " + what + " given; at most " + max + " are allowed");
        }
    }

    /** A value from a registration, quoted for a message (it may be anything: a request sent it). */
    private static String quote(String value) {
        return "'" + UntrustedText.printable(value) + "'";
    }
}
