package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.TOO_LARGE;
import static dev.signet.jose.attacks.Forge.rejects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtVerifier;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Inputs built to exhaust the stack, the heap or the CPU: deeply nested JSON (a recursive parser
 * overflows the stack), huge tokens and key documents. Each is TOO_LARGE, decided before the work
 * it would cost, and never a StackOverflowError ({@code Forge.rejects} fails on any other throwable).
 */
class ResourceExhaustionAttackTest {

    private static final int DEEP = 10_000;

    private static String nestedArrays(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static String nestedObjects(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    private static String deepHeaderToken(String deepValue) {
        return Forge.hmac(
                JwsAlgorithm.HS256,
                TrustedIssuer.SECRET,
                "{\"alg\":\"HS256\",\"kid\":\"hmac-1\",\"x\":" + deepValue + "}",
                TrustedIssuer.claimsJson());
    }

    private static String deepPayloadToken(String deepValue) {
        return TrustedIssuer.hs256(TrustedIssuer.claimsJson("\"x\":" + deepValue));
    }

    @Test
    void rejectsDeeplyNestedHeaderAtTheDefaultTokenSizeLimit() {
        String token = deepHeaderToken(nestedArrays(DEEP));
        assertThat(token.length()).isGreaterThan(16 * 1024);
        String detail = rejects(
                        TOO_LARGE, () -> TrustedIssuer.hmacVerifier().build().verify(token))
                .detail();
        assertThat(detail).contains("exceeds the limit of 16384");
    }

    @Test
    void rejectsDeeplyNestedPayloadAtTheDefaultTokenSizeLimit() {
        rejects(TOO_LARGE, () -> TrustedIssuer.hmacVerifier().build().verify(deepPayloadToken(nestedObjects(DEEP))));
    }

    @Test
    void rejectsDeeplyNestedHeaderAtTheDepthLimitWhenTheSizeLimitIsRaised() {
        JwtVerifier roomy = TrustedIssuer.hmacVerifier().maxTokenLength(1 << 20).build();
        for (String deep : new String[] {nestedArrays(DEEP), nestedObjects(DEEP)}) {
            String detail = rejects(TOO_LARGE, () -> roomy.verify(deepHeaderToken(deep)))
                    .detail();
            assertThat(detail).containsIgnoringCase("depth");
        }
    }

    @Test
    void rejectsDeeplyNestedPayloadAtTheDepthLimitWhenTheSizeLimitIsRaised() {
        JwtVerifier roomy = TrustedIssuer.hmacVerifier().maxTokenLength(1 << 20).build();
        for (String deep : new String[] {nestedArrays(DEEP), nestedObjects(DEEP)}) {
            String detail = rejects(TOO_LARGE, () -> roomy.verify(deepPayloadToken(deep)))
                    .detail();
            assertThat(detail).containsIgnoringCase("depth");
        }
    }

    @Test
    void acceptsNestingUpToTheDefaultDepthOf16() throws Exception {
        // The header object itself is level 1: 15 more levels fit, 16 more do not.
        JwtVerifier v = TrustedIssuer.hmacVerifier().build();
        v.verify(deepHeaderToken(nestedArrays(15)));
        rejects(TOO_LARGE, () -> v.verify(deepHeaderToken(nestedArrays(16))));
    }

    @Test
    void rejectsDeeplyNestedJsonEvenWithTheLargestDepthLimit() {
        // A caller raising the depth limit still gets a rejection, not a StackOverflowError.
        JwtVerifier generous = TrustedIssuer.hmacVerifier()
                .maxTokenLength(1 << 22)
                .maxJsonDepth(1_000)
                .build();
        rejects(TOO_LARGE, () -> generous.verify(deepHeaderToken(nestedArrays(100_000))));
        rejects(TOO_LARGE, () -> generous.verify(deepPayloadToken(nestedArrays(100_000))));
    }

    @Test
    void refusesADepthLimitTheRecursiveParserCannotHonour() {
        // Above 1000 levels the parser's recursion, not the limit, would end the parse: StackOverflowError.
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TrustedIssuer.hmacVerifier().maxJsonDepth(1_001));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TrustedIssuer.hmacVerifier().maxJsonDepth(0));
    }

    @Test
    void rejectsTenMegabyteTokenQuickly() {
        String huge = "eyJhbGciOiJIUzI1NiJ9." + "A".repeat(10 * 1024 * 1024) + ".AAAA";
        JwtVerifier v = TrustedIssuer.hmacVerifier().build();
        long start = System.nanoTime();
        String message = rejects(TOO_LARGE, () -> v.verify(huge)).getMessage();
        long millis = (System.nanoTime() - start) / 1_000_000;
        // The length is checked before anything is decoded: O(1), not O(n).
        assertThat(millis).isLessThan(500);
        assertThat(message.length()).isLessThan(200);
    }

    @Test
    void rejectsTokenOneCharacterOverTheLimit() throws Exception {
        String token = TrustedIssuer.hs256(TrustedIssuer.claimsJson());
        TrustedIssuer.hmacVerifier().maxTokenLength(token.length()).build().verify(token);
        rejects(
                TOO_LARGE,
                () -> TrustedIssuer.hmacVerifier()
                        .maxTokenLength(token.length() - 1)
                        .build()
                        .verify(token));
    }

    @Test
    void rejectsOversizedJwkAndJwkSet() {
        String bigJwk = "{\"kty\":\"oct\",\"k\":\"" + "A".repeat(70 * 1024) + "\"}";
        rejects(TOO_LARGE, () -> Jwk.parse(bigJwk));
        String bigSet = "{\"keys\":[],\"pad\":\"" + "A".repeat(JwkSet.DEFAULT_MAX_BYTES) + "\"}";
        rejects(TOO_LARGE, () -> JwkSet.parse(bigSet));
        rejects(TOO_LARGE, () -> JwkSet.parse(bigSet.getBytes(StandardCharsets.UTF_8), 1024));
    }

    @Test
    void rejectsDeeplyNestedJwkAndJwkSet() {
        rejects(TOO_LARGE, () -> Jwk.parse("{\"kty\":\"oct\",\"x\":" + nestedArrays(DEEP) + "}"));
        rejects(TOO_LARGE, () -> JwkSet.parse("{\"keys\":" + nestedArrays(DEEP) + "}"));
    }
}
