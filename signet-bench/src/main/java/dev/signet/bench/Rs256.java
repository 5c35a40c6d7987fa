package dev.signet.bench;

import dev.signet.jose.JwsAlgorithm;

/** RS256 (RSASSA-PKCS1-v1_5 with SHA-256, 2048-bit key). */
public class Rs256 extends EveryLibrary {

    @Override
    protected JwsAlgorithm algorithm() {
        return JwsAlgorithm.RS256;
    }
}
