package dev.signet.jose.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.signet.jose.Base64Url;
import dev.signet.jose.JoseException;
import java.nio.charset.StandardCharsets;

/** Strict Base64URL: only JoseException escapes, and every accepted text is the one canonical encoding. */
class Base64UrlFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void decodeArbitraryText(byte[] input) {
        String text = new String(input, StandardCharsets.ISO_8859_1);
        byte[] decoded;
        try {
            decoded = Base64Url.decode(text);
        } catch (JoseException rejected) {
            return;
        }
        // Strictness means uniqueness: re-encoding gives back exactly the accepted text.
        assertThat(Base64Url.encode(decoded)).isEqualTo(text);
    }
}
