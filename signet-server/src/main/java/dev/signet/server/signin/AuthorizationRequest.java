package dev.signet.server.signin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A checked authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3, OpenID Connect Core §3.1.2.1)
 * from a known client to one of its registered redirect URIs.
 *
 * @param state echoed to the client, or null
 * @param scopes the scopes asked for, each allowed to the client; {@code openid} makes it OpenID Connect
 * @param codeChallenge the PKCE {@code S256} challenge
 * @param maxAge the oldest sign-in the client accepts, in seconds, or null
 * @param mfa whether {@code acr_values} asks for {@link #ACR_MFA}
 */
public record AuthorizationRequest(
        String clientId,
        String redirectUri,
        String state,
        List<String> scopes,
        String nonce,
        String codeChallenge,
        Set<String> prompt,
        Long maxAge,
        boolean mfa,
        String loginHint) {

    /** Signed in with a password alone. */
    public static final String ACR_PWD = "urn:signet:acr:pwd";

    /** Signed in with a password and a second factor. */
    public static final String ACR_MFA = "urn:signet:acr:mfa";

    /** An {@code S256} challenge: the Base64URL of a SHA-256 hash (RFC 7636 §4.2). */
    private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

    /** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    private static final int MAX_TEXT = 1024;

    public AuthorizationRequest {
        scopes = List.copyOf(scopes);
        prompt = Set.copyOf(prompt);
    }

    /** A request refused with an RFC 6749 §4.1.2.1 error, sent back to the (valid) redirect URI. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        private final String error;

        Refused(String error, String description) {
            super(description, null, false, false);
            this.error = error;
        }

        public String error() {
            return error;
        }
    }

    public boolean openId() {
        return scopes.contains("openid");
    }

    /**
     * Checks the parameters of a request whose client and redirect URI are already known to be
     * valid: what fails here goes back to the client.
     */
    static AuthorizationRequest check(Map<String, String> p, SignInClients.Client client, String redirectUri)
            throws Refused {
        if (p.containsKey("request")) {
            throw new Refused("request_not_supported", "request objects are not supported");
        }
        if (p.containsKey("request_uri")) {
            throw new Refused("request_uri_not_supported", "request_uri is not supported");
        }
        String responseType = p.get("response_type");
        if (responseType == null) {
            throw new Refused("invalid_request", "response_type is required");
        }
        if (!responseType.equals("code")) {
            throw new Refused("unsupported_response_type", "only response_type=code is supported");
        }
        String responseMode = p.get("response_mode");
        if (responseMode != null && !responseMode.equals("query")) {
            throw new Refused("invalid_request", "only response_mode=query is supported");
        }
        String challenge = p.get("code_challenge");
        String method = p.get("code_challenge_method");
        if (challenge == null) {
            throw new Refused("invalid_request", "code_challenge is required (PKCE with S256)");
        }
        if (!"S256".equals(method)) {
            // RFC 7636 §4.3: a missing method means plain, which is refused like any other.
            throw new Refused("invalid_request", "code_challenge_method must be S256");
        }
        if (!S256_CHALLENGE.matcher(challenge).matches()) {
            throw new Refused("invalid_request", "code_challenge must be 43 Base64URL characters (S256)");
        }
        List<String> scopes = new ArrayList<>();
        String scope = p.get("scope");
        if (scope != null) {
            for (String s : new LinkedHashSet<>(List.of(scope.split(" ", -1)))) {
                if (s.isEmpty()) {
                    continue;
                }
                if (!SCOPE_TOKEN.matcher(s).matches() || !client.scopes().contains(s)) {
                    throw new Refused("invalid_scope", "the client may not request scope " + printable(s));
                }
                scopes.add(s);
            }
        }
        Set<String> prompt = new LinkedHashSet<>();
        String promptValue = p.get("prompt");
        if (promptValue != null) {
            for (String v : promptValue.split(" ", -1)) {
                if (v.isEmpty()) {
                    continue;
                }
                if (!v.equals("none") && !v.equals("login") && !v.equals("consent")) {
                    throw new Refused("invalid_request", "prompt " + printable(v) + " is not supported");
                }
                prompt.add(v);
            }
            if (prompt.contains("none") && prompt.size() > 1) {
                throw new Refused("invalid_request", "prompt=none cannot be combined with other values");
            }
        }
        Long maxAge = null;
        String maxAgeValue = p.get("max_age");
        if (maxAgeValue != null) {
            if (!maxAgeValue.matches("[0-9]{1,10}")) {
                throw new Refused("invalid_request", "max_age must be a number of seconds");
            }
            maxAge = Long.parseLong(maxAgeValue);
        }
        String acr = p.get("acr_values");
        boolean mfa = acr != null && List.of(acr.split(" ", -1)).contains(ACR_MFA);
        String state = text(p, "state");
        String nonce = text(p, "nonce");
        String loginHint = text(p, "login_hint");
        return new AuthorizationRequest(
                client.clientId(), redirectUri, state, scopes, nonce, challenge, prompt, maxAge, mfa, loginHint);
    }

    private static String text(Map<String, String> p, String name) throws Refused {
        String v = p.get(name);
        if (v != null && v.length() > MAX_TEXT) {
            throw new Refused("invalid_request", name + " is longer than " + MAX_TEXT + " characters");
        }
        return v;
    }

    private static String printable(String s) {
        return dev.signet.jose.UntrustedText.printable(s);
    }

    /** The request as stored with a pending sign-in. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client_id", clientId);
        m.put("redirect_uri", redirectUri);
        m.put("state", state);
        m.put("scopes", scopes);
        m.put("nonce", nonce);
        m.put("code_challenge", codeChallenge);
        m.put("prompt", List.copyOf(prompt));
        m.put("max_age", maxAge);
        m.put("mfa", mfa);
        m.put("login_hint", loginHint);
        return m;
    }

    @SuppressWarnings("unchecked") // the map is one this class wrote
    static AuthorizationRequest fromMap(Map<String, Object> m) {
        Object maxAge = m.get("max_age");
        return new AuthorizationRequest(
                (String) m.get("client_id"),
                (String) m.get("redirect_uri"),
                (String) m.get("state"),
                (List<String>) m.get("scopes"),
                (String) m.get("nonce"),
                (String) m.get("code_challenge"),
                Set.copyOf((List<String>) m.get("prompt")),
                maxAge == null ? null : ((Number) maxAge).longValue(),
                (Boolean) m.get("mfa"),
                (String) m.get("login_hint"));
    }
}
