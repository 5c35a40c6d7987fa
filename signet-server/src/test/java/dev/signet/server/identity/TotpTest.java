package dev.signet.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TotpTest {

    /** RFC 6238 Appendix B, the SHA-1 rows: the seed is the ASCII "12345678901234567890". */
    private static final byte[] SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    private static final long[][] SHA1_VECTORS = {
        {59L, 94287082L},
        {1111111109L, 7081804L},
        {1111111111L, 14050471L},
        {1234567890L, 89005924L},
        {2000000000L, 69279037L},
        {20000000000L, 65353130L},
    };

    @Test
    void matchesRfc6238AppendixBSha1Vectors() {
        for (long[] v : SHA1_VECTORS) {
            String eight = String.format("%08d", v[1]);
            assertThat(Totp.code(SEED, Totp.step(v[0]), 8)).as("T=%d", v[0]).isEqualTo(eight);
            assertThat(Totp.code(SEED, Totp.step(v[0]), 6))
                    .as("6 digits are the last 6")
                    .isEqualTo(eight.substring(2));
        }
    }

    @Test
    void base32RoundTripsAsRfc4648Says() {
        // RFC 4648 §10
        assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(new String(Base32.decode("mzxw 6ytb oi======"), StandardCharsets.US_ASCII))
                .isEqualTo("foobar");
        assertThat(Base32.encode(SEED)).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    }

    @Test
    void otpauthUriNamesTheIssuerAndUser() {
        assertThat(TotpSecondFactor.otpauthUri("default", "Alice Example", "GEZDGNBV"))
                .isEqualTo("otpauth://totp/default:Alice%20Example?secret=GEZDGNBV&issuer=default&algorithm=SHA1"
                        + "&digits=6&period=30");
    }

    @Test
    void qrCodeIsAnSvgWithoutScript() {
        String svg = QrSvg.of("otpauth://totp/default:alice?secret=GEZDGNBVGY3TQOJQ&issuer=default");
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>");
        assertThat(svg).doesNotContain("<script").contains("<path d=\"M");
    }
}
