package dev.signet.jose.fuzz;

import static dev.signet.jose.fuzz.FuzzFixtures.onlyJoseExceptionEscapes;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.KeyType;
import java.nio.charset.StandardCharsets;

/**
 * {@link Jwk#parse} and {@link JwkSet#parse} on arbitrary bytes: JWKs arrive from remote JWKS
 * endpoints and token headers. Invariants: only {@code JoseException} escapes, nothing hangs, and
 * an accepted key behaves — its JSON parses back to the same key, its thumbprint and public view
 * can be computed, and the public view holds no private material.
 */
class JwkFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void parseArbitraryJwk(byte[] input) {
        String json = new String(input, StandardCharsets.UTF_8);
        onlyJoseExceptionEscapes(() -> checkAccepted(Jwk.parse(json)));
    }

    @FuzzTest(maxDuration = "2m")
    void parseArbitraryJwkSet(byte[] input) {
        onlyJoseExceptionEscapes(() -> {
            JwkSet set = JwkSet.parse(input, 64 * 1024);
            for (Jwk k : set.keys()) {
                checkAccepted(k);
            }
            set.toPublicSet();
        });
    }

    private static void checkAccepted(Jwk k) throws dev.signet.jose.JoseException {
        assertThat(Jwk.parse(k.toJson())).isEqualTo(k);
        assertThat(k.thumbprint()).hasSize(43);
        assertThat(k.toString()).doesNotContain("\"d\"");
        if (k.keyType() != KeyType.OCT) {
            Jwk pub = k.toPublicJwk();
            assertThat(pub.isPrivate()).isFalse();
            assertThat(pub.members()).doesNotContainKeys("d", "p", "q", "dp", "dq", "qi", "k", "priv");
        }
    }
}
