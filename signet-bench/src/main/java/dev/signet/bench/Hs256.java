package dev.signet.bench;

import dev.signet.jose.JwsAlgorithm;

/** HS256 (HMAC-SHA256, 256-bit key). */
public class Hs256 extends EveryLibrary {

    @Override
    protected JwsAlgorithm algorithm() {
        return JwsAlgorithm.HS256;
    }
}
