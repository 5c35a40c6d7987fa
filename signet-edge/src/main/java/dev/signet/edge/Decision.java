package dev.signet.edge;

import java.util.Map;

/**
 * The edge's answer to one forward-auth request.
 *
 * @param status 200, 401 or 403, nothing else
 * @param headers the headers of the answer: the identity on 200, {@code WWW-Authenticate} on a refusal
 * @param issuer the metric label: the configured issuer the token names, {@code none} without a
 *     token, {@code untrusted} for a token naming no configured issuer
 * @param reason the metric label, one of {@link Reason}
 */
public record Decision(int status, Map<String, String> headers, String issuer, Reason reason) {

    public Decision {
        if (status != 200 && status != 401 && status != 403) {
            throw new IllegalArgumentException("the edge answers 200, 401 or 403, not " + status);
        }
        headers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
    }

    /** The metric label {@code outcome}. */
    public String outcome() {
        return status == 200 ? "allowed" : status == 401 ? "unauthorized" : "forbidden";
    }

    /**
     * Why: a fixed set, so the metric's series stay bounded (a label never holds a {@code kid},
     * {@code jti} or any token text).
     */
    public enum Reason {
        /** A token met the route's requirement. */
        OK,
        /** An anonymous route. */
        ANONYMOUS,
        /** No token where one is needed. */
        NO_TOKEN,
        /** The credentials are not a bearer token, or there are several. */
        UNREADABLE,
        /** The path is refused: dot segments left, encoded separators, NUL. */
        BAD_PATH,
        /** The request could not be read (bad request line, headers too large). */
        BAD_REQUEST,
        /** The original request cannot be known: no forwarded headers, not below the Envoy prefix. */
        NO_ORIGINAL_REQUEST,
        /** No route matches. */
        NO_ROUTE,
        MALFORMED,
        UNKNOWN_ISSUER,
        ALG_NOT_ALLOWED,
        KEYS_UNAVAILABLE,
        KEY_NOT_FOUND,
        BAD_SIGNATURE,
        EXPIRED,
        NOT_YET_VALID,
        WRONG_AUDIENCE,
        WRONG_TYPE,
        INVALID,
        INSUFFICIENT_SCOPE,
        CLAIM_MISMATCH,
        STEP_UP,
        /** The edge failed; the request is refused. */
        ERROR;

        /** The label value, in lower case. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
