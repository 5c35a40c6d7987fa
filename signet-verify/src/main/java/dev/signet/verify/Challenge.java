package dev.signet.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP answer to a refused request: its status and {@code WWW-Authenticate} header, as RFC 6750
 * §3 (Bearer), RFC 9470 (step-up) and RFC 9728 §5.1 ({@code resource_metadata}) define them.
 *
 * <ul>
 *   <li>no token at all: 401 with a bare challenge, no error code (RFC 6750 §3.1);
 *   <li>credentials that cannot be read: 400 {@code invalid_request};
 *   <li>a token that is not valid: 401 {@code invalid_token};
 *   <li>missing scopes: 403 {@code insufficient_scope} with the {@code scope} needed;
 *   <li>a claim of the wrong value: 403 {@code insufficient_scope} (the token lacks the privilege);
 *   <li>step-up: 401 {@code insufficient_user_authentication} with {@code acr_values} and/or
 *       {@code max_age} in seconds.
 * </ul>
 *
 * @param status 400, 401 or 403
 * @param wwwAuthenticate the header's value
 */
public record Challenge(int status, String wwwAuthenticate) {

    /** The challenge for a request without a token. */
    public static Challenge noToken(String realm, String resourceMetadata) {
        return new Challenge(401, header(realm, resourceMetadata, null, null, List.of()));
    }

    /** The answer to a request whose credentials cannot be read (RFC 6750 §3.1 {@code invalid_request}): 400. */
    public static Challenge invalidRequest(String realm, String resourceMetadata, String description) {
        return new Challenge(400, header(realm, resourceMetadata, "invalid_request", description, List.of()));
    }

    /** The challenge for a refused token. */
    public static Challenge invalidToken(String realm, String resourceMetadata, TokenRejected e) {
        return new Challenge(401, header(realm, resourceMetadata, "invalid_token", e.getMessage(), List.of()));
    }

    /** The challenge for a valid token that does not meet a route's {@link Requirement}. */
    public static Challenge denied(String realm, String resourceMetadata, Requirement.Denial d) {
        List<String[]> extra = new ArrayList<>();
        switch (d.kind()) {
            case INSUFFICIENT_SCOPE -> {
                extra.add(
                        new String[] {"scope", String.join(" ", d.requirement().scopes())});
                return new Challenge(403, header(realm, resourceMetadata, "insufficient_scope", d.message(), extra));
            }
            case CLAIM_MISMATCH -> {
                return new Challenge(403, header(realm, resourceMetadata, "insufficient_scope", d.message(), extra));
            }
            default -> {
                if (!d.requirement().acr().isEmpty()) {
                    extra.add(new String[] {
                        "acr_values", String.join(" ", d.requirement().acr())
                    });
                }
                if (d.requirement().maxAge() != null) {
                    extra.add(new String[] {
                        "max_age", Long.toString(d.requirement().maxAge().toSeconds())
                    });
                }
                return new Challenge(
                        401, header(realm, resourceMetadata, "insufficient_user_authentication", d.message(), extra));
            }
        }
    }

    private static String header(
            String realm, String resourceMetadata, String error, String description, List<String[]> extra) {
        List<String> params = new ArrayList<>();
        if (realm != null) {
            params.add("realm=" + quoted(realm));
        }
        if (error != null) {
            params.add("error=\"" + error + "\"");
            if (description != null && !description.isEmpty()) {
                params.add("error_description=" + quoted(description));
            }
        }
        for (String[] p : extra) {
            params.add(p[0] + "=" + quoted(p[1]));
        }
        if (resourceMetadata != null) {
            params.add("resource_metadata=" + quoted(resourceMetadata));
        }
        return params.isEmpty() ? "Bearer" : "Bearer " + String.join(", ", params);
    }

    /**
     * A quoted string holding only what RFC 6750 §3 allows in its attribute values (printable ASCII
     * but {@code "} and {@code \}); anything else becomes {@code ?}, and it is cut at 200 characters.
     */
    static String quoted(String value) {
        StringBuilder b = new StringBuilder(Math.min(value.length(), 200) + 2).append('"');
        for (int i = 0; i < value.length() && i < 200; i++) {
            char c = value.charAt(i);
            b.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? c : '?');
        }
        return b.append('"').toString();
    }
}
