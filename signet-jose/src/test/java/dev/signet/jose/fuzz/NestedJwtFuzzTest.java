package dev.signet.jose.fuzz;

import static dev.signet.jose.fuzz.FuzzFixtures.AUDIENCE;
import static dev.signet.jose.fuzz.FuzzFixtures.CLOCK;
import static dev.signet.jose.fuzz.FuzzFixtures.ISSUER;
import static dev.signet.jose.fuzz.FuzzFixtures.onlyJoseExceptionEscapes;
import static dev.signet.jose.fuzz.JwtVerifierFuzzTest.checkAccepted;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.signet.jose.Base64Url;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtVerifier;
import dev.signet.jose.KeySource;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link JwtVerifier#verify} with {@code decryptWith} on arbitrary nested JWTs (RFC 7519 §5.2).
 * Invariants: only {@code JoseException} escapes, no call hangs, and an accepted token is signed
 * with an allowed algorithm and passes every claim check, whatever the encryption layer said
 * ({@link JwtVerifierFuzzTest#checkAccepted}).
 *
 * <p>{@link #verifyArbitraryNestedToken} sees the token text as given.
 * {@link #verifyDirectSealedHmacSignedArbitraryParts} signs the fuzzer's inner header and payload
 * with the verifier's HS256 key and seals the result under the fuzzer's JWE header with the
 * decrypter's {@code dir} key, so both layers open and everything after them is explored.
 */
class NestedJwtFuzzTest {

    /** HS256 inside anything the {@code dir} decrypter opens. */
    private static final JwtVerifier HS256_IN_DIR = JwtVerifier.builder(KeySource.of(FuzzFixtures.HMAC))
            .algorithms(JwsAlgorithm.HS256)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .clock(CLOCK)
            .decryptWith(JweFuzzFixtures.DIRECT_ALL)
            .build();
    /** ES256 inside anything the every-algorithm decrypter opens. */
    private static final JwtVerifier ES256_IN_ANY = JwtVerifier.builder(KeySource.of(FuzzFixtures.EC.toPublicJwk()))
            .algorithms(JwsAlgorithm.ES256)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .clock(CLOCK)
            .decryptWith(JweFuzzFixtures.ALL)
            .build();
    /** Every opt-in of both layers. */
    private static final JwtVerifier EVERY_OPT_IN = JwtVerifier.builder(KeySource.of(FuzzFixtures.HMAC))
            .acceptAnyIssuer()
            .acceptAnyAudience()
            .acceptTokensWithoutExpiration()
            .understoodCriticalHeaders("tenant")
            .maxTokenLength(64 * 1024)
            .maxJsonDepth(64)
            .clock(CLOCK)
            .decryptWith(JweFuzzFixtures.EVERY_OPT_IN)
            .build();

    @FuzzTest(maxDuration = "2m")
    void verifyArbitraryNestedToken(byte[] input) {
        verifyWithEveryVerifier(new String(input, StandardCharsets.UTF_8));
    }

    /**
     * Input: JWE header JSON, newline, JWS header JSON, newline, payload. Missing parts default
     * to {"alg":"dir","enc":"A256GCM","cty":"JWT"} and {"alg":"HS256"}.
     */
    @FuzzTest(maxDuration = "2m")
    void verifyDirectSealedHmacSignedArbitraryParts(byte[] input) {
        byte[] jweHeader = "{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"cty\":\"JWT\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] jwsHeader = "{\"alg\":\"HS256\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] payload = input;
        int nl = JweFuzzTest.indexOf(input, (byte) '\n');
        if (nl >= 0) {
            jweHeader = Arrays.copyOf(input, nl);
            byte[] rest = Arrays.copyOfRange(input, nl + 1, input.length);
            int nl2 = JweFuzzTest.indexOf(rest, (byte) '\n');
            payload = rest;
            if (nl2 >= 0) {
                jwsHeader = Arrays.copyOf(rest, nl2);
                payload = Arrays.copyOfRange(rest, nl2 + 1, rest.length);
            }
        }
        String signingInput = Base64Url.encode(jwsHeader) + "." + Base64Url.encode(payload);
        String inner = signingInput + "." + Base64Url.encode(FuzzFixtures.hs256(signingInput));
        verifyWithEveryVerifier(JweFuzzFixtures.sealDirect(jweHeader, inner.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The valid seeds verify, so the fuzzer starts with tokens that pass both layers. */
    @Test
    void validSeedsVerify() throws Exception {
        String dir = "NestedJwtFuzzTestInputs/verifyArbitraryNestedToken/";
        checkAccepted(HS256_IN_DIR.verify(JweFuzzTest.seed(dir + "valid-hs256-in-dir")), "HS256");
        checkAccepted(ES256_IN_ANY.verify(JweFuzzTest.seed(dir + "valid-es256-in-ecdh-es-a256kw")), "ES256");
        checkAccepted(ES256_IN_ANY.verify(JweFuzzTest.seed(dir + "valid-es256-in-rsa-oaep")), "ES256");
    }

    private static void verifyWithEveryVerifier(String token) {
        onlyJoseExceptionEscapes(() -> checkAccepted(HS256_IN_DIR.verify(token), "HS256"));
        onlyJoseExceptionEscapes(() -> checkAccepted(ES256_IN_ANY.verify(token), "ES256"));
        onlyJoseExceptionEscapes(() -> EVERY_OPT_IN.verify(token));
    }
}
