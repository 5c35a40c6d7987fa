package dev.signet.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Base64UrlTest {

    @Test
    void roundTripsEveryLengthAgainstTheJdkEncoder() throws JoseException {
        Random r = new Random(42);
        for (int len = 0; len < 200; len++) {
            byte[] data = new byte[len];
            r.nextBytes(data);
            String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(data);
            assertThat(Base64Url.encode(data)).isEqualTo(expected);
            assertThat(Base64Url.decode(expected)).isEqualTo(data);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"AQ==", "AQ=", "A Q", "AQ\n", "+/8", "/w", "a*b", "é", "A"})
    void rejectsPaddingWhitespaceForeignCharactersAndImpossibleLengths(String text) {
        assertThatThrownBy(() -> Base64Url.decode(text)).isInstanceOfSatisfying(JoseException.class,
                e -> assertThat(e.reason()).isEqualTo(JoseException.Reason.MALFORMED));
    }

    @Test
    void rejectsNonCanonicalTrailingBits() throws JoseException {
        // "AQ" is 0x01; "AR" decodes to the same byte with a non-zero unused bit.
        assertThat(Base64Url.decode("AQ")).containsExactly(1);
        assertThatThrownBy(() -> Base64Url.decode("AR")).hasMessageContaining("non-canonical");
        assertThat(Base64Url.decode("AAE")).containsExactly(0, 1);
        assertThatThrownBy(() -> Base64Url.decode("AAF")).hasMessageContaining("non-canonical");
    }

    @Test
    void decodesARangeOfALongerString() throws JoseException {
        assertThat(Base64Url.decode("xxAQIDyy", 2, 6)).containsExactly(1, 2, 3);
    }
}
