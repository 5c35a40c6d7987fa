package dev.signet.jose.fuzz;

import static dev.signet.jose.fuzz.FuzzFixtures.AUDIENCE;
import static dev.signet.jose.fuzz.FuzzFixtures.CLOCK;
import static dev.signet.jose.fuzz.FuzzFixtures.ISSUER;
import static dev.signet.jose.fuzz.FuzzFixtures.NOW;
import static dev.signet.jose.fuzz.FuzzFixtures.onlyJoseExceptionEscapes;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.signet.jose.Base64Url;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.Jwt;
import dev.signet.jose.JwtVerifier;
import dev.signet.jose.KeySource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * {@link JwtVerifier#verify} on arbitrary input. Invariants: only {@code JoseException} escapes,
 * no call hangs, and a token that is accepted satisfies every configured check.
 *
 * <p>{@link #verifyArbitraryToken} sees the token text as given, so it explores everything before
 * the signature. {@link #verifyHmacSignedArbitraryJson} signs whatever header and payload the
 * fuzzer writes with the verifier's own HS256 key, so it also explores everything after it.
 */
class JwtVerifierFuzzTest {

    /** HS256 access tokens, with required claims and a predicate. */
    private static final JwtVerifier HS256_ACCESS = JwtVerifier.builder(KeySource.of(FuzzFixtures.HMAC))
            .algorithms(JwsAlgorithm.HS256)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .type("at+jwt")
            .clock(CLOCK)
            .requireClaims("sub")
            .claim("scope", v -> ((String) v).contains("read"))
            .maxTokenAge(Duration.ofDays(1))
            .build();
    /** ES256 with the public half only. */
    private static final JwtVerifier ES256 = JwtVerifier.builder(KeySource.of(FuzzFixtures.EC.toPublicJwk()))
            .algorithms(JwsAlgorithm.ES256)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .clock(CLOCK)
            .build();
    /**
     * Every opt-in at once, so the paths behind them are explored too (secrets and public keys never share a source).
     */
    private static final JwtVerifier EVERY_OPT_IN = JwtVerifier.builder(KeySource.of(FuzzFixtures.HMAC))
            .acceptAnyIssuer()
            .acceptAnyAudience()
            .acceptTokensWithoutExpiration()
            .trustEmbeddedJwk()
            .trustX5cChains(List.of(FuzzFixtures.X5C_ROOT))
            .understoodCriticalHeaders("tenant")
            .maxTokenLength(64 * 1024)
            .maxJsonDepth(64)
            .clock(CLOCK)
            .build();

    @FuzzTest(maxDuration = "2m")
    void verifyArbitraryToken(byte[] input) {
        verifyWithEveryVerifier(new String(input, StandardCharsets.UTF_8));
    }

    /** Input: header JSON, a newline, payload bytes. Without a newline the header is {"alg":"HS256"}. */
    @FuzzTest(maxDuration = "2m")
    void verifyHmacSignedArbitraryJson(byte[] input) {
        int nl = indexOf(input, (byte) '\n');
        byte[] header = nl < 0 ? "{\"alg\":\"HS256\"}".getBytes(StandardCharsets.US_ASCII) : Arrays.copyOf(input, nl);
        byte[] payload = nl < 0 ? input : Arrays.copyOfRange(input, nl + 1, input.length);
        String signingInput = Base64Url.encode(header) + "." + Base64Url.encode(payload);
        verifyWithEveryVerifier(signingInput + "." + Base64Url.encode(FuzzFixtures.hs256(signingInput)));
    }

    private static void verifyWithEveryVerifier(String token) {
        onlyJoseExceptionEscapes(() -> checkAccepted(HS256_ACCESS.verify(token), "HS256"));
        onlyJoseExceptionEscapes(() -> checkAccepted(ES256.verify(token), "ES256"));
        onlyJoseExceptionEscapes(() -> EVERY_OPT_IN.verify(token));
    }

    /** What an accepted token must satisfy under a verifier with issuer, audience and exp required. */
    static void checkAccepted(Jwt jwt, String alg) {
        assertThat(jwt.header().algorithm()).isEqualTo(alg);
        assertThat(jwt.claims().issuer()).isEqualTo(ISSUER);
        assertThat(jwt.claims().audience()).contains(AUDIENCE);
        Instant exp = jwt.claims().expiresAt();
        assertThat(exp).isNotNull();
        assertThat(NOW.minusSeconds(60)).isBefore(exp);
        for (Instant notAfterNow :
                new Instant[] {jwt.claims().notBefore(), jwt.claims().issuedAt()}) {
            if (notAfterNow != null) {
                assertThat(notAfterNow).isBeforeOrEqualTo(NOW.plusSeconds(60));
            }
        }
    }

    private static int indexOf(byte[] b, byte v) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
