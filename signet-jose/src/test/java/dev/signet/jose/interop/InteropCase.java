package dev.signet.jose.interop;

import dev.signet.jose.Curve;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.KeyType;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of the interop matrix: a JWS algorithm and, for EdDSA, the curve. Its {@code toString}
 * is what the parameterized test names show ({@code RS256}, {@code EdDSA/Ed25519}, …).
 */
record InteropCase(JwsAlgorithm alg, Curve curve) {

    static final List<InteropCase> HMAC =
            List.of(of(JwsAlgorithm.HS256), of(JwsAlgorithm.HS384), of(JwsAlgorithm.HS512));
    static final List<InteropCase> RSA_PKCS1 =
            List.of(of(JwsAlgorithm.RS256), of(JwsAlgorithm.RS384), of(JwsAlgorithm.RS512));
    static final List<InteropCase> RSA_PSS =
            List.of(of(JwsAlgorithm.PS256), of(JwsAlgorithm.PS384), of(JwsAlgorithm.PS512));
    static final List<InteropCase> ECDSA_NIST =
            List.of(of(JwsAlgorithm.ES256), of(JwsAlgorithm.ES384), of(JwsAlgorithm.ES512));
    static final InteropCase ES256K = of(JwsAlgorithm.ES256K);
    static final InteropCase ED25519 = new InteropCase(JwsAlgorithm.EDDSA, Curve.ED25519);
    static final InteropCase ED448 = new InteropCase(JwsAlgorithm.EDDSA, Curve.ED448);

    static InteropCase of(JwsAlgorithm alg) {
        return new InteropCase(alg, alg.curve());
    }

    /** HS*, RS*, PS*, ES256/384/512: what every peer here supports. */
    static List<InteropCase> common() {
        List<InteropCase> all = new ArrayList<>(HMAC);
        all.addAll(RSA_PKCS1);
        all.addAll(RSA_PSS);
        all.addAll(ECDSA_NIST);
        return all;
    }

    static List<InteropCase> common(InteropCase... more) {
        List<InteropCase> all = common();
        all.addAll(List.of(more));
        return all;
    }

    KeyType keyType() {
        return alg.keyType();
    }

    boolean isHmac() {
        return alg.keyType() == KeyType.OCT;
    }

    /**
     * JDK 17's SunEC no longer does secp256k1 arithmetic (JDK-8251547), so ES256K runs with
     * BouncyCastle pinned on both sides. BouncyCastle is never registered globally: that would
     * change which provider the rest of the test JVM gets.
     */
    boolean needsBouncyCastle() {
        return alg == JwsAlgorithm.ES256K && !alg.isAvailable();
    }

    @Override
    public String toString() {
        return alg == JwsAlgorithm.EDDSA ? alg.identifier() + "/" + curve.identifier() : alg.identifier();
    }
}
