package dev.signet.jose.fuzz;

import static dev.signet.jose.fuzz.FuzzFixtures.onlyJoseExceptionEscapes;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.signet.jose.Base64Url;
import dev.signet.jose.ContentEncryption;
import dev.signet.jose.DecryptionKeySource;
import dev.signet.jose.JoseException;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.JweDecrypter;
import dev.signet.jose.JweJson;
import dev.signet.jose.Jwk;
import dev.signet.jose.internal.jwe.AesGcm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * {@link JweDecrypter#decryptJson} on arbitrary input. Invariants: only {@code JoseException}
 * escapes, no call hangs, and a decrypted object's {@code enc} is protected, its recipient is one
 * of its recipients, and its key is one the decrypter holds.
 *
 * <p>{@link #decryptArbitraryJsonJwe} sees the text as given. {@link #decryptDirSealedArbitraryHeaders}
 * seals the content with the decrypter's own {@code dir} key under whatever headers and AAD the
 * fuzzer writes, so it also explores what follows a valid tag.
 */
class JweJsonFuzzTest {

    /** The {@code dir} key for A256GCM (32 bytes), and an A128KW key: constants, so findings reproduce. */
    private static final byte[] DIR_SECRET = FuzzFixtures.sha256("signet fuzz: JWE dir secret");

    private static final Jwk DIR = key(DIR_SECRET, "dir-fuzz");
    private static final Jwk KW = key(Arrays.copyOf(FuzzFixtures.sha256("signet fuzz: JWE kw secret"), 16), "kw-fuzz");

    private static final JweDecrypter STRICT = JweDecrypter.builder(DecryptionKeySource.of(DIR, KW))
            .algorithms(JweAlgorithm.DIR, JweAlgorithm.A128KW)
            .encryptions(ContentEncryption.A256GCM)
            .build();
    private static final JweDecrypter EVERY_OPTION = JweDecrypter.builder(DecryptionKeySource.of(DIR, KW))
            .algorithms(JweAlgorithm.DIR, JweAlgorithm.A128KW, JweAlgorithm.PBES2_HS256_A128KW)
            .encryptions(ContentEncryption.values())
            .understoodCriticalHeaders("tenant")
            .maxPbes2Iterations(2_000)
            .maxTokenLength(64 * 1024)
            .maxJsonDepth(64)
            .maxJsonRecipients(64)
            .build();

    private static Jwk key(byte[] secret, String kid) {
        try {
            return Jwk.fromSecret(secret).withKeyId(kid);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void decryptArbitraryJsonJwe(byte[] input) {
        decryptWithEveryDecrypter(new String(input, StandardCharsets.UTF_8));
    }

    /**
     * Input: protected header JSON, a newline, shared unprotected header JSON, a newline,
     * per-recipient header JSON, a newline, AAD bytes, a newline, plaintext; missing parts are
     * {@code {"alg":"dir","enc":"A256GCM"}}, none, none, none and empty. Written flattened, the
     * content sealed with A256GCM under the {@code dir} key and the AAD of RFC 7516 §5.1 step 14.
     */
    @FuzzTest(maxDuration = "2m")
    void decryptDirSealedArbitraryHeaders(byte[] input) {
        String[] parts = new String(input, StandardCharsets.UTF_8).split("\n", 5);
        String protectedJson =
                parts[0].isEmpty() && parts.length == 1 ? "{\"alg\":\"dir\",\"enc\":\"A256GCM\"}" : parts[0];
        String shared = parts.length > 1 && !parts[1].isEmpty() ? parts[1] : null;
        String own = parts.length > 2 && !parts[2].isEmpty() ? parts[2] : null;
        String aad = parts.length > 3 && !parts[3].isEmpty() ? Base64Url.encode(parts[3]) : null;
        byte[] plaintext = (parts.length > 4 ? parts[4] : "").getBytes(StandardCharsets.UTF_8);
        String protectedPart = Base64Url.encode(protectedJson);
        String authenticated = aad == null ? protectedPart : protectedPart + "." + aad;
        byte[] iv = new byte[12];
        byte[][] sealed;
        try {
            sealed = AesGcm.encrypt(DIR_SECRET, iv, authenticated.getBytes(StandardCharsets.US_ASCII), plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        decryptWithEveryDecrypter("{\"protected\":\"" + protectedPart + "\","
                + (shared == null ? "" : "\"unprotected\":" + shared + ",")
                + (own == null ? "" : "\"header\":" + own + ",")
                + (aad == null ? "" : "\"aad\":\"" + aad + "\",")
                + "\"iv\":\"" + Base64Url.encode(iv) + "\",\"ciphertext\":\"" + Base64Url.encode(sealed[0])
                + "\",\"tag\":\"" + Base64Url.encode(sealed[1]) + "\"}");
    }

    private static void decryptWithEveryDecrypter(String json) {
        onlyJoseExceptionEscapes(() -> checkDecrypted(STRICT.decryptJson(json)));
        onlyJoseExceptionEscapes(() -> checkDecrypted(EVERY_OPTION.decryptJson(json)));
    }

    private static void checkDecrypted(JweJson jwe) {
        assertThat(jwe.isDecrypted()).isTrue();
        assertThat(jwe.recipients()).contains(jwe.decryptedRecipient());
        assertThat(jwe.decryptedRecipient().isProtected("enc")).isTrue();
        assertThat(jwe.decryptionKey()).isIn(DIR, KW);
        if (jwe.decryptedRecipient().header().compression() != null) {
            assertThat(jwe.decryptedRecipient().isProtected("zip")).isTrue();
        }
    }
}
