package dev.signet.jose.fuzz;

import static dev.signet.jose.fuzz.FuzzFixtures.onlyJoseExceptionEscapes;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.signet.jose.Jwe;
import dev.signet.jose.JweDecrypter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link JweDecrypter#decrypt} on arbitrary input. Invariants: only {@code JoseException}
 * escapes, no call hangs (2 s per call), and what decrypts came through an allowed pair.
 *
 * <p>{@link #decryptArbitraryCompactJwe} sees the token text as given, so it explores parsing,
 * header checks, key selection and every key-management family up to the tag.
 * {@link #decryptDirectSealedArbitraryHeader} seals whatever header and content the fuzzer
 * writes with the decrypter's own {@code dir} key, so the tag verifies and it also explores what
 * comes after: {@code crit}, {@code zip} inflation and its limit.
 */
class JweFuzzTest {

    /**
     * The fixtures, initialized with this class: their RSA key generation takes seconds on a busy
     * machine, which must not count against the first input's time budget.
     */
    private static final JweDecrypter ALL = JweFuzzFixtures.ALL;

    private static final JweDecrypter EVERY_OPT_IN = JweFuzzFixtures.EVERY_OPT_IN;
    private static final JweDecrypter ECDH_ONLY = JweFuzzFixtures.ECDH_ONLY;
    private static final JweDecrypter DIRECT_ALL = JweFuzzFixtures.DIRECT_ALL;

    @FuzzTest(maxDuration = "2m")
    void decryptArbitraryCompactJwe(byte[] input) {
        String token = new String(input, StandardCharsets.UTF_8);
        onlyJoseExceptionEscapes(() -> checkAccepted(ALL.decrypt(token)));
        onlyJoseExceptionEscapes(() -> checkAccepted(EVERY_OPT_IN.decrypt(token)));
        onlyJoseExceptionEscapes(() -> {
            Jwe jwe = ECDH_ONLY.decrypt(token);
            assertThat(jwe.header().algorithm()).isEqualTo("ECDH-ES+A256KW");
            assertThat(jwe.header().encryption()).isEqualTo("A256GCM");
        });
    }

    /** Input: header JSON, a newline, content bytes. Without a newline the header is {"alg":"dir","enc":"A256GCM"}. */
    @FuzzTest(maxDuration = "2m")
    void decryptDirectSealedArbitraryHeader(byte[] input) {
        int nl = indexOf(input, (byte) '\n');
        byte[] header = nl < 0
                ? "{\"alg\":\"dir\",\"enc\":\"A256GCM\"}".getBytes(StandardCharsets.US_ASCII)
                : Arrays.copyOf(input, nl);
        byte[] content = nl < 0 ? input : Arrays.copyOfRange(input, nl + 1, input.length);
        String token = JweFuzzFixtures.sealDirect(header, content);
        onlyJoseExceptionEscapes(() -> {
            Jwe jwe = DIRECT_ALL.decrypt(token);
            assertThat(jwe.header().algorithm()).isEqualTo("dir");
            if (jwe.header().compression() == null) {
                assertThat(jwe.plaintext()).isEqualTo(content);
            }
        });
        onlyJoseExceptionEscapes(() -> checkAccepted(EVERY_OPT_IN.decrypt(token)));
    }

    /** The valid seeds decrypt with the fixed keys, so the fuzzer starts past the tag. */
    @Test
    void validSeedsDecrypt() throws Exception {
        for (String seed : List.of(
                "valid-a128kw-a256cbc-hs512",
                "valid-a256gcmkw-a128gcm",
                "valid-dir-a256gcm-zip",
                "valid-ecdh-es-a256kw-p256",
                "valid-ecdh-es-x25519",
                "valid-pbes2-hs256-a128kw",
                "valid-rsa-oaep-256-a256gcm",
                "valid-rsa1_5-a128cbc-hs256")) {
            String token = seed("JweFuzzTestInputs/decryptArbitraryCompactJwe/" + seed);
            checkAccepted(EVERY_OPT_IN.decrypt(token));
        }
        assertThat(ECDH_ONLY
                        .decrypt(seed("JweFuzzTestInputs/decryptArbitraryCompactJwe/" + "valid-ecdh-es-a256kw-p256"))
                        .plaintextText())
                .isEqualTo("hello, fuzzer");
    }

    static String seed(String path) throws IOException {
        try (InputStream in = JweFuzzTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A decrypted JWE names a known pair and carries the key that decrypted it. */
    private static void checkAccepted(Jwe jwe) {
        assertThat(jwe.header().algorithm()).isNotNull();
        assertThat(jwe.header().encryption()).isNotNull();
        assertThat(jwe.isDecrypted()).isTrue();
        assertThat(jwe.decryptionKey()).isNotNull();
        assertThat(jwe.plaintext()).isNotNull();
    }

    static int indexOf(byte[] b, byte v) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
