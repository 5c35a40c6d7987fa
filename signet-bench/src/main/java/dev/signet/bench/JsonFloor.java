package dev.signet.bench;

import dev.signet.jose.Base64Url;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.Jwt;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

/**
 * What the HS256 verify targets leave for everything but the MAC, when the claims must be read
 * with Jackson: the bare HMAC over the signing input ({@link #hmac}), Jackson's streaming parser
 * merely walking the token's claims JSON with nothing kept ({@link #jacksonWalk}, one reused
 * factory with the thread-local buffer pool: its fastest set-up), the two together
 * ({@link #hmacAndJacksonWalk}: no Base64URL, no header, no checks, no claims object), and
 * Signet's full verification in the same run for reference.
 *
 * <p>{@code hmacAndJacksonWalk / hmac} is the highest share of the raw HMAC rate any verifier that
 * parses the claims with Jackson can reach on this machine; its B/op, the least it can allocate.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
public class JsonFloor extends AlgorithmState {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.threadLocalPool())
            .build();

    private byte[] claimsJson;

    @Override
    protected JwsAlgorithm algorithm() {
        return JwsAlgorithm.HS256;
    }

    /** Runs after {@link AlgorithmState#setUp}, as JMH runs a superclass's set-up first. */
    @Setup
    public void decodeClaims() throws Exception {
        int d1 = token.indexOf('.');
        claimsJson = Base64Url.decode(token.substring(d1 + 1, token.lastIndexOf('.')));
        if (walk(claimsJson) != 2 * 10 + 2) {
            throw new IllegalStateException("expected ten claims in " + new String(claimsJson, StandardCharsets.UTF_8));
        }
    }

    private static int walk(byte[] json) {
        int tokens = 0;
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), json)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                tokens++;
                if (t == JsonToken.VALUE_STRING) {
                    // Decode the text (as any reader of the value must) without making a String.
                    tokens += p.getStringLength() >>> 31;
                }
            }
        }
        return tokens;
    }

    @Benchmark
    public boolean hmac() throws Exception {
        return s.jca.verify(signingInput, signature);
    }

    @Benchmark
    public int jacksonWalk() {
        return walk(claimsJson);
    }

    @Benchmark
    public int hmacAndJacksonWalk() throws Exception {
        return s.jca.verify(signingInput, signature) ? walk(claimsJson) : -1;
    }

    @Benchmark
    public Jwt signetVerify() throws Exception {
        return s.signet.verify(token);
    }
}
