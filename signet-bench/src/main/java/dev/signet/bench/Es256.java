package dev.signet.bench;

import com.auth0.jwt.interfaces.DecodedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.signet.jose.JwsAlgorithm;
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
 * ES256 (ECDSA P-256 with SHA-256): verify (signature and full claim validation) and sign one access token with each
 * library, and the bare JCA operation over the same signing input.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
public class Es256 extends AlgorithmState {

    @Override
    protected JwsAlgorithm algorithm() {
        return JwsAlgorithm.ES256;
    }

    @Benchmark
    public Jwt verifySignet() throws Exception {
        return s.signet.verify(token);
    }

    @Benchmark
    public JWTClaimsSet verifyNimbus() throws Exception {
        return s.nimbus.verify(token);
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
    public DecodedJWT verifyAuth0() {
        return s.auth0.verify(token);
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
    public String signNimbus() throws Exception {
        return s.nimbus.sign();
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
    public String signAuth0() {
        return s.auth0.sign();
    }

    @Benchmark
    public byte[] signJca() throws Exception {
        return s.jca.sign(signingInput);
    }
}
