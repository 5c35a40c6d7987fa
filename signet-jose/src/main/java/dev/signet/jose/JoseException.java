package dev.signet.jose;

import java.util.Objects;

/**
 * The one rejection type of Signet: untrusted input (a token, a key, a JWK Set) was refused.
 *
 * <p>Callers branch on {@link #reason()}, never on the message. The message says what was
 * expected and what was found; it never contains key material and never the whole token.
 */
public final class JoseException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Stable reason codes. New codes may be added; existing ones never change meaning. */
    public enum Reason {
        /** Not well-formed: bad Base64URL, bad JSON, wrong member types, wrong structure. */
        MALFORMED,
        /** Over a configured size or nesting limit. */
        TOO_LARGE,
        /** An algorithm, curve, key type or feature this runtime or Signet does not support. */
        UNSUPPORTED,
        /** The header's {@code alg} is not in the allowlist, or does not fit the key. */
        ALG_NOT_ALLOWED,
        /** The header lists a {@code crit} parameter that is not understood. */
        CRIT_NOT_UNDERSTOOD,
        /** No key in the key source matches the token. */
        KEY_NOT_FOUND,
        /** A key is unfit: too short, off the curve, inconsistent members, or forbidden for this use. */
        KEY_REJECTED,
        /** The signature or MAC does not verify. */
        BAD_SIGNATURE,
        /** {@code exp} is in the past (beyond the clock skew). */
        EXPIRED,
        /** {@code nbf} is in the future (beyond the clock skew). */
        NOT_YET_VALID,
        /** {@code iat} is in the future (beyond the clock skew). */
        ISSUED_IN_FUTURE,
        /** {@code iat} is older than the configured maximum token age. */
        TOO_OLD,
        /** {@code iss} is not one of the expected issuers. */
        WRONG_ISSUER,
        /** {@code aud} contains none of the expected audiences. */
        WRONG_AUDIENCE,
        /** The header's {@code typ} is not the expected type. */
        WRONG_TYPE,
        /** A required claim is absent. */
        MISSING_CLAIM,
        /** A claim is present but a configured predicate rejected its value. */
        CLAIM_REJECTED,
        /** The X.509 chain in {@code x5c} does not validate against the configured trust anchors. */
        UNTRUSTED_CERTIFICATE,
        /**
         * A JWE does not decrypt: wrong key, bad authentication tag, bad padding, failed key
         * unwrap. One reason and one message for all of them, so the rejection is no oracle.
         */
        DECRYPTION_FAILED,
        /** A signature is required but the token has none: an encrypted-only JWT (a JWE holding bare claims). */
        NOT_SIGNED
    }

    private final Reason reason;

    public JoseException(Reason reason, String message) {
        super(Objects.requireNonNull(reason, "reason") + ": " + message);
        this.reason = reason;
    }

    public JoseException(Reason reason, String message, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason") + ": " + message, cause);
        this.reason = reason;
    }

    /** The stable reason code. */
    public Reason reason() {
        return reason;
    }

    /** The message without the leading reason code. */
    public String detail() {
        String m = getMessage();
        return m.substring(reason.name().length() + 2);
    }
}
