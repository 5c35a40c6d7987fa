package dev.signet.jose.fuzz;

import static dev.signet.jose.fuzz.FuzzFixtures.onlyJoseExceptionEscapes;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.signet.jose.Base64Url;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwsJson;
import dev.signet.jose.JwsVerifier;
import dev.signet.jose.KeySource;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * {@link JwsVerifier#verifyJson} on arbitrary input. Invariants: only {@code JoseException}
 * escapes, no call hangs, and an accepted object has a verified signature whose {@code alg} is
 * protected (every signature, when all are required).
 *
 * <p>{@link #verifyArbitraryJsonJws} sees the text as given. {@link #verifyHmacSignedArbitraryHeaders}
 * MACs whatever protected header and payload the fuzzer writes with the verifier's own HS256 key
 * and adds its unprotected header, so it also explores what follows a valid signature.
 */
class JwsJsonFuzzTest {

    private static final JwsVerifier HS256 = JwsVerifier.builder(KeySource.of(FuzzFixtures.HMAC))
            .algorithms(JwsAlgorithm.HS256)
            .type("example+jws")
            .build();
    private static final JwsVerifier ALL_REQUIRED = JwsVerifier.builder(KeySource.of(FuzzFixtures.HMAC))
            .requireAllSignatures()
            .understoodCriticalHeaders("tenant")
            .build();
    private static final JwsVerifier EVERY_OPT_IN = JwsVerifier.builder(KeySource.of(FuzzFixtures.HMAC))
            .trustEmbeddedJwk()
            .trustX5cChains(List.of(FuzzFixtures.X5C_ROOT))
            .understoodCriticalHeaders("tenant")
            .maxTokenLength(64 * 1024)
            .maxJsonDepth(64)
            .maxJsonSignatures(64)
            .build();

    @FuzzTest(maxDuration = "2m")
    void verifyArbitraryJsonJws(byte[] input) {
        verifyWithEveryVerifier(new String(input, StandardCharsets.UTF_8));
    }

    /**
     * Input: protected header JSON, a newline, unprotected header JSON, a newline, payload bytes;
     * missing parts are {@code {"alg":"HS256"}}, none and empty. Written flattened, with the MAC.
     */
    @FuzzTest(maxDuration = "2m")
    void verifyHmacSignedArbitraryHeaders(byte[] input) {
        int nl1 = indexOf(input, (byte) '\n', 0);
        int nl2 = nl1 < 0 ? -1 : indexOf(input, (byte) '\n', nl1 + 1);
        byte[] protectedJson =
                nl1 < 0 ? "{\"alg\":\"HS256\"}".getBytes(StandardCharsets.US_ASCII) : Arrays.copyOf(input, nl1);
        String unprotected = nl2 < 0 ? null : new String(input, nl1 + 1, nl2 - nl1 - 1, StandardCharsets.UTF_8);
        byte[] payload = nl2 < 0
                ? (nl1 < 0 ? input : Arrays.copyOfRange(input, nl1 + 1, input.length))
                : Arrays.copyOfRange(input, nl2 + 1, input.length);
        String protectedPart = Base64Url.encode(protectedJson);
        String payloadPart = Base64Url.encode(payload);
        String mac = Base64Url.encode(FuzzFixtures.hs256(protectedPart + "." + payloadPart));
        verifyWithEveryVerifier("{\"payload\":\"" + payloadPart + "\",\"protected\":\"" + protectedPart + "\","
                + (unprotected == null ? "" : "\"header\":" + unprotected + ",") + "\"signature\":\"" + mac + "\"}");
    }

    private static void verifyWithEveryVerifier(String json) {
        onlyJoseExceptionEscapes(() -> checkAccepted(HS256.verifyJson(json), false));
        onlyJoseExceptionEscapes(() -> checkAccepted(ALL_REQUIRED.verifyJson(json), true));
        onlyJoseExceptionEscapes(() -> checkAccepted(EVERY_OPT_IN.verifyJson(json), false));
    }

    private static void checkAccepted(JwsJson jws, boolean all) {
        assertThat(jws.verifiedSignatures()).isNotEmpty();
        if (all) {
            assertThat(jws.verifiedSignatures()).hasSameSizeAs(jws.signatures());
        }
        for (JwsJson.Signature s : jws.signatures()) {
            assertThat(s.isVerified()).isNotEqualTo(s.failure() != null);
            if (s.isVerified()) {
                assertThat(s.isProtected("alg")).isTrue();
            }
        }
    }

    private static int indexOf(byte[] b, byte v, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
