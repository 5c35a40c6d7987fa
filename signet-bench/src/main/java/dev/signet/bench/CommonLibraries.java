package dev.signet.bench;

import dev.signet.jose.Jwt;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwt.JwtClaims;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verify (signature and full claim validation) and sign one access token with the libraries
 * that support every benchmarked algorithm (Signet, jose4j, JJWT), and the bare JCA operation over
 * the same signing input. JMH runs these methods once per concrete subclass, under its name.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
public abstract class CommonLibraries extends AlgorithmState {

    @Benchmark
    public Jwt verifySignet() throws Exception {
        return s.signet.verify(token);
    }

    @Benchmark
    public JwtClaims verifyJose4j() throws Exception {
        return s.jose4j.verify(token);
    }

    @Benchmark
    public Jws<Claims> verifyJjwt() {
        return s.jjwt.verify(token);
    }

    @Benchmark
    public boolean verifyJca() throws Exception {
        return s.jca.verify(signingInput, signature);
    }

    @Benchmark
    public String signSignet() throws Exception {
        return s.signet.sign();
    }

    @Benchmark
    public String signJose4j() throws Exception {
        return s.jose4j.sign();
    }

    @Benchmark
    public String signJjwt() {
        return s.jjwt.sign();
    }

    @Benchmark
    public byte[] signJca() throws Exception {
        return s.jca.sign(signingInput);
    }
}
