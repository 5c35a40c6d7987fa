/**
 * Signet JOSE: JWS, JWK and JWT with a verifier whose easy path checks everything.
 * Only {@code dev.signet.jose} is exported; {@code dev.signet.jose.internal} is not.
 */
module dev.signet.jose {
    requires tools.jackson.core;

    exports dev.signet.jose;
}
