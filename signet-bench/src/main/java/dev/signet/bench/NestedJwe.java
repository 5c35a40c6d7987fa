package dev.signet.bench;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.signet.jose.Jwt;
import org.jose4j.jwt.JwtClaims;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Decrypting and verifying a nested JWT (RFC 7519 §5.2): the {@link Fixture} access token signed
 * with ES256, then encrypted to the recipient with {@code RSA-OAEP-256} (RSA 2048) or
 * {@code ECDH-ES+A256KW} (P-256), {@code A256GCM}. Each library does the whole job: decrypt,
 * check {@code cty}, verify the inner signature, validate the claims. {@link #decryptJca} is the
 * floor: the same JCA operations on the same bytes, nothing else ({@link NestedJweBaseline}).
 */
@State(Scope.Benchmark)
public class NestedJwe {

    /** {@code jdk}: the JDK's providers; {@code accp}: Amazon Corretto Crypto Provider first. */
    @Param({Fixture.JDK, Fixture.ACCP})
    public String provider;

    /** The JWE key management algorithm; the content is always A256GCM. */
    @Param({NestedJweSuite.RSA_OAEP_256, NestedJweSuite.ECDH_ES_A256KW})
    public String alg;

    private NestedJweSuite s;
    private String token;

    @Setup
    public void setUp(BenchmarkParams params) throws Exception {
        if (params.getForks() < 1) {
            throw new IllegalStateException(
                    "run with forks >= 1: the provider parameter installs a JCA provider for the whole JVM");
        }
        s = NestedJweSuite.create(alg, provider);
        token = s.token;
    }

    @Benchmark
    public Jwt decryptSignet() throws Exception {
        return s.signet.verify(token);
    }

    @Benchmark
    public JWTClaimsSet decryptNimbus() throws Exception {
        return s.nimbus.process(token, null);
    }

    @Benchmark
    public JwtClaims decryptJose4j() throws Exception {
        return s.jose4j.processToClaims(token);
    }

    @Benchmark
    public boolean decryptJca() throws Exception {
        return s.jca.decryptAndVerify();
    }
}
