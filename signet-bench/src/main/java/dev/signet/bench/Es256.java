package dev.signet.bench;

import dev.signet.jose.JwsAlgorithm;

/** ES256 (ECDSA P-256 with SHA-256). */
public class Es256 extends EveryLibrary {

    @Override
    protected JwsAlgorithm algorithm() {
        return JwsAlgorithm.ES256;
    }
}
