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
        assertThatThrownBy(() -> Base64Url.decode(text))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(JoseException.Reason.MALFORMED));
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

    /**
     * The decoder is our own table-driven loop: against the JDK's URL decoder on 200,000 random
     * strings over the alphabet plus a few foreign bytes, both accept and reject the same texts
     * and decode them to the same bytes, except that ours also refuses non-zero unused trailing
     * bits (which re-encoding would not give back).
     */
    @Test
    void agreesWithTheJdkDecoderOnRandomText() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char[] foreign = {'+', '/', '=', ' ', '\n', '.', '\u0000', '\u007f', '\u0080', '\u00ff', 'é'};
        Random r = new Random(7);
        int accepted = 0;
        for (int n = 0; n < 200_000; n++) {
            int len = r.nextInt(40);
            StringBuilder sb = new StringBuilder(len);
            for (int i = 0; i < len; i++) {
                sb.append(r.nextInt(200) == 0 ? foreign[r.nextInt(foreign.length)] : alphabet.charAt(r.nextInt(64)));
            }
            String text = sb.toString();
            byte[] jdk;
            try {
                jdk = Base64.getUrlDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                jdk = null;
            }
            byte[] ours;
            try {
                ours = Base64Url.decode(text);
            } catch (JoseException e) {
                ours = null;
            }
            boolean canonical = jdk != null
                    && Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(jdk)
                            .equals(text);
            if (canonical) {
                accepted++;
                assertThat(ours).as(text).isEqualTo(jdk);
            } else {
                assertThat(ours).as(text).isNull();
            }
        }
        assertThat(accepted).isGreaterThan(50_000);
    }
}
