package dev.signet.bench;

import dev.signet.jose.JwsAlgorithm;

/** EdDSA with Ed25519. Nimbus needs Google Tink for it and java-jwt has none, so both are absent. */
public class EdDsa extends CommonLibraries {

    @Override
    protected JwsAlgorithm algorithm() {
        return JwsAlgorithm.EDDSA;
    }
}
