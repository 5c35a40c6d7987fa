package dev.signet.bench;

import com.auth0.jwt.interfaces.DecodedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import org.openjdk.jmh.annotations.Benchmark;

/** {@link CommonLibraries} plus Nimbus JOSE+JWT and Auth0 java-jwt, for the algorithms both support. */
public abstract class EveryLibrary extends CommonLibraries {

    @Benchmark
    public JWTClaimsSet verifyNimbus() throws Exception {
        return s.nimbus.verify(token);
    }

    @Benchmark
    public DecodedJWT verifyAuth0() {
        return s.auth0.verify(token);
    }

    @Benchmark
    public String signNimbus() throws Exception {
        return s.nimbus.sign();
    }

    @Benchmark
    public String signAuth0() {
        return s.auth0.sign();
    }
}
