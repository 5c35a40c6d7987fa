package dev.signet.bench;

import com.sun.net.httpserver.HttpServer;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtClaims;
import dev.signet.jose.JwtSigner;
import dev.signet.jose.JwtVerifier;
import dev.signet.verify.Issuer;
import dev.signet.verify.Principal;
import dev.signet.verify.TokenVerifier;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * An API's verification of one access token with warm keys, four ways, in one run: signet-jose's
 * bare {@link JwtVerifier} on a local key set (the floor), signet-verify's {@link TokenVerifier}
 * with keys fetched from a JWKS URL (a cache miss: every check done), the same with the
 * verified-token cache answering, and Spring Security's {@code NimbusJwtDecoder} on the same URL
 * with the issuer and audience validated. The JWKS is served on loopback by this JVM and fetched
 * once during setup, so no benchmark touches the network.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ResourceVerify {

    @Param({"ES256", "RS256"})
    public String alg;

    private HttpServer host;
    private String token;
    private JwtVerifier bare;
    private TokenVerifier remote;
    private TokenVerifier cached;
    private NimbusJwtDecoder spring;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Jwk key = Jwk.generate(JwsAlgorithm.valueOf(alg)).withKeyId("k1");
        JwkSet publicSet = JwkSet.of(key).toPublicSet();
        byte[] jwks = publicSet.toJson().getBytes(StandardCharsets.UTF_8);
        host = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        host.createContext("/jwks", ex -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.getResponseHeaders().set("Cache-Control", "max-age=86400");
            ex.sendResponseHeaders(200, jwks.length);
            ex.getResponseBody().write(jwks);
            ex.close();
        });
        host.start();
        String issuer = "http://127.0.0.1:" + host.getAddress().getPort();
        String jwksUri = issuer + "/jwks";
        Instant now = Instant.now();
        token = JwtSigner.builder(key)
                .type("at+jwt")
                .build()
                .sign(JwtClaims.builder()
                        .issuer(issuer)
                        .subject("user-1")
                        .audience("orders-api")
                        .issuedAt(now)
                        .expiresAt(now.plusSeconds(3600))
                        .claim("client_id", "web-app")
                        .claim("scope", "orders.read")
                        .build());
        bare = JwtVerifier.builder(dev.signet.jose.KeySource.of(publicSet))
                .issuer(issuer)
                .audiences(List.of("orders-api"))
                .algorithms(List.of(JwsAlgorithm.valueOf(alg)))
                .type("at+jwt")
                .build();
        Issuer trusted =
                Issuer.builder(issuer).jwksUri(jwksUri).audiences("orders-api").build();
        remote = TokenVerifier.builder().issuer(trusted).build();
        cached = TokenVerifier.builder().issuer(trusted).cache(10_000).build();
        spring = NimbusJwtDecoder.withJwkSetUri(jwksUri)
                .jwsAlgorithm(org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.from(alg))
                .build();
        spring.setJwtValidator(JwtValidators.createDefaultWithValidators(List.<OAuth2TokenValidator<Jwt>>of(
                new JwtIssuerValidator(issuer),
                new JwtTypeValidator("at+jwt"),
                new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains("orders-api")))));
        // Warm every key cache (and check that each accepts the token) before measuring.
        bare.verify(token);
        remote.verify(token);
        cached.verify(token);
        spring.decode(token);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        host.stop(0);
    }

    @Benchmark
    public Object signetJoseBare() throws Exception {
        return bare.verify(token);
    }

    @Benchmark
    public Principal signetVerifyMiss() throws Exception {
        return remote.verify(token);
    }

    @Benchmark
    public Principal signetVerifyCacheHit() throws Exception {
        return cached.verify(token);
    }

    @Benchmark
    public Jwt springNimbusJwtDecoder() {
        return spring.decode(token);
    }
}
