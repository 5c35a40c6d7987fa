package dev.signet.verify;

import dev.signet.jose.JoseException;

/**
 * A bearer token was refused. {@link #reason()} is a stable code for metrics and logs (never token
 * contents); the message says what was wrong in one line and may be shown to the caller.
 */
public final class TokenRejected extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why, in a fixed set of values (a metric label may carry it). */
    public enum Reason {
        /** Not a compact JWS: wrong shape, bad Base64URL or JSON, too large. */
        MALFORMED,
        /** The unverified {@code iss} names no configured issuer: no key was looked up. */
        UNKNOWN_ISSUER,
        /** The header's {@code alg} is not allowed for that issuer: no key was looked up. */
        ALG_NOT_ALLOWED,
        /** The issuer's keys could not be had (metadata or JWK Set unreachable past the stale bound). */
        KEYS_UNAVAILABLE,
        /** No key of the issuer has the token's {@code kid}. */
        KEY_NOT_FOUND,
        BAD_SIGNATURE,
        EXPIRED,
        NOT_YET_VALID,
        WRONG_AUDIENCE,
        WRONG_TYPE,
        /** The issuer's introspection endpoint says the token is not active (RFC 7662 §2.2). */
        INACTIVE,
        /** The introspection endpoint could not be asked, or answered something other than RFC 7662. */
        INTROSPECTION_FAILED,
        /** Any other failed check of signet-jose's verifier ({@link #joseReason()} says which). */
        INVALID
    }

    private final Reason reason;
    private final transient JoseException.Reason joseReason;

    TokenRejected(Reason reason, String message) {
        this(reason, message, null);
    }

    TokenRejected(Reason reason, String message, JoseException cause) {
        super(message, cause);
        this.reason = reason;
        this.joseReason = cause == null ? null : cause.reason();
    }

    public Reason reason() {
        return reason;
    }

    /** The reason signet-jose's verifier gave, when the refusal came from it; else null. */
    public JoseException.Reason joseReason() {
        return joseReason;
    }
}
