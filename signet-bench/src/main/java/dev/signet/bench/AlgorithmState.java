package dev.signet.bench;

import dev.signet.jose.JwsAlgorithm;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The state shared by one algorithm's benchmarks: the JCA {@code provider} parameter and the
 * {@link Suite}, built once per trial (that is, once per forked JVM).
 */
@State(Scope.Benchmark)
public abstract class AlgorithmState {

    /** {@code jdk}: the JDK's providers; {@code accp}: Amazon Corretto Crypto Provider first. */
    @Param({Fixture.JDK, Fixture.ACCP})
    public String provider;

    protected Suite s;
    protected String token;
    protected byte[] signingInput;
    protected byte[] signature;

    protected abstract JwsAlgorithm algorithm();

    @Setup
    public void setUp(BenchmarkParams params) throws Exception {
        if (params.getForks() < 1) {
            throw new IllegalStateException(
                    "run with forks >= 1: the provider parameter installs a JCA provider for the whole JVM");
        }
        s = Suite.create(algorithm(), provider);
        token = s.token;
        signingInput = s.signingInput;
        signature = s.signature;
    }
}
