package dev.signet.server.client;

import dev.signet.jose.JoseException;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.KeyType;
import dev.signet.jose.UntrustedText;
import dev.signet.server.oauth.grant.AuthorizationCodeGrant;
import dev.signet.server.oauth.grant.ClientCredentialsGrant;
import dev.signet.server.oauth.grant.RefreshTokenGrant;
import dev.signet.server.store.ClientRecord;
import dev.signet.verify.KeySetUrl;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
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
    public static final List<String> GRANTS =
            List.of(ClientCredentialsGrant.TYPE, AuthorizationCodeGrant.TYPE, RefreshTokenGrant.TYPE);

    /** The client types: confidential (a secret or keys) or public (no secret; PKCE only). */
    public static final List<String> TYPES = List.of(ClientRecord.CONFIDENTIAL, ClientRecord.PUBLIC);

    /** The claims a client's access tokens may carry beyond the standard ones, when its registration names them. */
    public static final List<String> CLAIM_MAPPINGS = List.of("org_id", "roles");

    /** The most redirect URIs (and, separately, post-logout redirect URIs) a client may register. */
    public static final int MAX_REDIRECT_URIS = 10;
    /** The longest redirect URI. */
    public static final int MAX_REDIRECT_URI_LENGTH = 700;
    /** The longest refresh-token lifetime (absolute), and the longest reuse grace period. */
    public static final Duration MAX_REFRESH_LIFETIME = Duration.ofDays(3650);

    public static final Duration MAX_REUSE_GRACE = Duration.ofMinutes(1);

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

    /**
     * Redirect URIs (or post-logout redirect URIs): absolute {@code https} URIs, or {@code http} on a
     * loopback host (127.0.0.1, [::1], localhost); no fragment, no user info. They are compared with
     * requests as exact strings, so each is kept as written.
     */
    public static List<String> redirectUris(String at, List<String> uris) {
        atMost(at, uris, MAX_REDIRECT_URIS, "redirect URIs");
        for (String u : uris) {
            String problem = redirectUriProblem(u);
            if (problem != null) {
                throw new ClientRuleViolation(
                        at,
                        quote(u) + " is not allowed (" + problem + "); expected an absolute https URI (http only on"
                                + " 127.0.0.1, [::1] or localhost) without fragment or user info, at most "
                                + MAX_REDIRECT_URI_LENGTH + " characters");
            }
        }
        return uris;
    }

    /** What is wrong with {@code u} as a redirect URI, or null when nothing is. */
    static String redirectUriProblem(String u) {
        if (u.length() > MAX_REDIRECT_URI_LENGTH) {
            return "too long";
        }
        if (u.chars().anyMatch(c -> c <= 0x20 || c >= 0x7F)) {
            return "spaces, controls and non-ASCII characters must be percent-encoded";
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            return "not a URI";
        }
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getRawAuthority() == null) {
            return "not an absolute URI with a host";
        }
        if (uri.getRawFragment() != null || u.indexOf('#') >= 0) {
            return "has a fragment";
        }
        if (uri.getRawUserInfo() != null || uri.getRawAuthority().contains("@")) {
            return "has user info";
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return "no host";
        }
        String scheme = uri.getScheme();
        if (scheme.equals("https")) {
            return null;
        }
        if (scheme.equals("http")) {
            String h = host.toLowerCase(Locale.ROOT);
            return h.equals("127.0.0.1") || h.equals("[::1]") || h.equals("localhost") ? null : "http off loopback";
        }
        return "scheme " + scheme + " is not https";
    }

    /** Claim mappings: each one of {@link #CLAIM_MAPPINGS}. */
    public static List<String> claims(String at, List<String> claims) {
        for (String c : claims) {
            oneOf(at, c, CLAIM_MAPPINGS);
        }
        return claims;
    }

    /** Refresh lifetimes: idle from 1 minute up to absolute, absolute up to 10 years, grace up to 1 minute. */
    public static ClientRecord.RefreshLifetimes refresh(String at, ClientRecord.RefreshLifetimes r) {
        if (r.absolute().compareTo(Duration.ofMinutes(1)) < 0 || r.absolute().compareTo(MAX_REFRESH_LIFETIME) > 0) {
            throw new ClientRuleViolation(at + "refresh-absolute", "expected a duration from 1m up to 3650d");
        }
        if (r.idle().compareTo(Duration.ofMinutes(1)) < 0 || r.idle().compareTo(r.absolute()) > 0) {
            throw new ClientRuleViolation(at + "refresh-idle", "expected a duration from 1m up to refresh-absolute");
        }
        if (r.reuseGrace().isNegative() || r.reuseGrace().compareTo(MAX_REUSE_GRACE) > 0) {
            throw new ClientRuleViolation(at + "refresh-reuse-grace", "expected a duration from 0s up to 60s");
        }
        return r;
    }

    /**
     * What the fields of one registration must agree on: a public client has no secret or keys (its
     * auth method is {@code none}) and no client-credentials grant; the authorization-code grant
     * needs a redirect URI; refresh tokens come from the authorization-code grant only.
     *
     * @param at the prefix of the field names in messages ({@code tenants[0].clients[1].} or empty)
     */
    public static void consistent(
            String at, String type, String authMethod, List<String> grants, List<String> redirectUris) {
        if (ClientRecord.PUBLIC.equals(type)) {
            if (!ClientRecord.AUTH_NONE.equals(authMethod)) {
                throw new ClientRuleViolation(
                        at + "type", "a public client has no secret and no keys (auth method none); remove them");
            }
            if (grants.contains(ClientCredentialsGrant.TYPE)) {
                throw new ClientRuleViolation(
                        at + "grants", "a public client cannot use client_credentials: it holds no credential");
            }
        } else if (ClientRecord.AUTH_NONE.equals(authMethod)) {
            throw new ClientRuleViolation(at + "auth-method", "only a public client authenticates with none");
        }
        if (grants.contains(AuthorizationCodeGrant.TYPE) && redirectUris.isEmpty()) {
            throw new ClientRuleViolation(
                    at + "redirect-uris", "the authorization_code grant needs at least one redirect URI");
        }
        if (grants.contains(RefreshTokenGrant.TYPE) && !grants.contains(AuthorizationCodeGrant.TYPE)) {
            throw new ClientRuleViolation(
                    at + "grants", "refresh_token needs authorization_code (refresh tokens come from sign-ins)");
        }
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
