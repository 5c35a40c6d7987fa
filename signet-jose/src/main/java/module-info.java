/**
 * Signet JOSE: JWS and JWE (compact and JSON serialization), JWK and JWK Sets, JWT claims, and a
 * JWT verifier whose easy path checks everything. Only {@code dev.signet.jose} is exported; the
 * {@code dev.signet.jose.internal} packages are not.
 */
module dev.signet.jose {
    requires tools.jackson.core;

    exports dev.signet.jose;
}
