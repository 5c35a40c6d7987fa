package dev.signet.server.http;

import dev.signet.server.oauth.ClientCredentials;
import dev.signet.server.oauth.OAuthError;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Reads client credentials from the {@code Authorization: Basic} header, the form (RFC 6749
 * §2.3.1) or a client assertion (RFC 7523 §2.2): exactly one of them.
 */
final class ClientAuthentication {

    private ClientAuthentication() {}

    /** The presented credentials, or null when the request presents none. */
    static ClientCredentials read(String authorization, FormBody form) {
        boolean inForm = form.has("client_secret");
        boolean assertion = form.has("client_assertion") || form.has("client_assertion_type");
        if (assertion) {
            if (authorization != null || inForm) {
                throw OAuthError.invalidRequest(
                        "use one client authentication method, not a client assertion and a secret");
            }
            if (!ClientCredentials.JWT_BEARER_ASSERTION.equals(form.get("client_assertion_type"))) {
                throw OAuthError.invalidClient(
                        "client_assertion_type must be " + ClientCredentials.JWT_BEARER_ASSERTION);
            }
            if (!form.has("client_assertion")) {
                throw OAuthError.invalidRequest("client_assertion_type needs client_assertion");
            }
            return new ClientCredentials(
                    form.get("client_id"), form.get("client_assertion"), ClientCredentials.PRIVATE_KEY_JWT);
        }
        if (authorization != null) {
            if (inForm) {
                throw OAuthError.invalidRequest(
                        "use one client authentication method, not both Basic and client_secret");
            }
            if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
                throw OAuthError.invalidClient("the Authorization header must use the Basic scheme");
            }
            String decoded;
            try {
                byte[] raw =
                        Base64.getDecoder().decode(authorization.substring(6).trim());
                decoded = StandardCharsets.UTF_8
                        .newDecoder()
                        .decode(java.nio.ByteBuffer.wrap(raw))
                        .toString();
            } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
                throw OAuthError.invalidClient("the Basic credentials are not valid Base64 of UTF-8");
            }
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw OAuthError.invalidClient("the Basic credentials must be client_id:client_secret");
            }
            // RFC 6749 §2.3.1: both parts are form-encoded before Base64.
            String id = formDecode(decoded.substring(0, colon));
            String secret = formDecode(decoded.substring(colon + 1));
            String formId = form.get("client_id");
            if (formId != null && !formId.equals(id)) {
                throw OAuthError.invalidRequest("client_id in the form differs from the authenticated client");
            }
            return new ClientCredentials(id, secret, ClientCredentials.BASIC);
        }
        if (inForm) {
            String id = form.get("client_id");
            if (id == null) {
                throw OAuthError.invalidRequest("client_secret needs client_id");
            }
            return new ClientCredentials(id, form.get("client_secret"), ClientCredentials.POST);
        }
        return null;
    }

    private static String formDecode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidClient("the Basic credentials hold an invalid percent escape");
        }
    }

    static boolean isBearer(String authorization) {
        return authorization != null && authorization.toLowerCase(Locale.ROOT).startsWith("bearer ");
    }
}
