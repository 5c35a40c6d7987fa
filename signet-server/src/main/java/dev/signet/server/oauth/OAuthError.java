package dev.signet.server.oauth;

/**
 * An OAuth 2 error response (RFC 6749 §5.2, RFC 7662, RFC 7009, RFC 8707): a registered code, a
 * description for the developer, and the HTTP status it is sent with. Only the registered codes;
 * what the HTTP layer and the admin API refuse has types of its own there.
 */
public final class OAuthError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final int status;
    private final long retryAfterSeconds;

    private OAuthError(String code, int status, String description) {
        this(code, status, description, 0);
    }

    private OAuthError(String code, int status, String description, long retryAfterSeconds) {
        super(description, null, false, false);
        this.code = code;
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The request is missing a parameter, repeats one, or is otherwise malformed. */
    public static OAuthError invalidRequest(String description) {
        return new OAuthError("invalid_request", 400, description);
    }

    /** Client authentication failed; sent with 401 and {@code WWW-Authenticate}. */
    public static OAuthError invalidClient(String description) {
        return new OAuthError("invalid_client", 401, description);
    }

    /** The client may not use this grant type. */
    public static OAuthError unauthorizedClient(String description) {
        return new OAuthError("unauthorized_client", 400, description);
    }

    /**
     * RFC 6749 §5.2: the authorization code or refresh token is invalid, expired, revoked, was
     * issued to another client, or does not match the redirect URI or the PKCE verifier.
     */
    public static OAuthError invalidGrant(String description) {
        return new OAuthError("invalid_grant", 400, description);
    }

    public static OAuthError unsupportedGrantType(String description) {
        return new OAuthError("unsupported_grant_type", 400, description);
    }

    public static OAuthError invalidScope(String description) {
        return new OAuthError("invalid_scope", 400, description);
    }

    /** RFC 8707 §2: the requested resource is unknown or not allowed to this client. */
    public static OAuthError invalidTarget(String description) {
        return new OAuthError("invalid_target", 400, description);
    }

    /**
     * Too many failed client authentications from this address or for this client: 429 (RFC 6585)
     * with {@code Retry-After}, and the code {@code slow_down} (registered for token endpoint
     * answers by RFC 8628 §3.5): the request may be fine, it is the rate that is refused.
     */
    public static OAuthError slowDown(String description, long retryAfterSeconds) {
        return new OAuthError("slow_down", 429, description, retryAfterSeconds);
    }

    /** The seconds to send in {@code Retry-After}, or 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String description() {
        return getMessage();
    }
}
