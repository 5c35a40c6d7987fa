package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.MALFORMED;
import static dev.signet.jose.JoseException.Reason.TOO_LARGE;
import static dev.signet.jose.JoseException.Reason.UNSUPPORTED;
import static dev.signet.jose.attacks.Forge.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.ContentEncryption;
import dev.signet.jose.JoseException;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.JweDecrypter;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * Deflate bombs (CVE-2024-28180 in go-jose, CVE-2023-51775 in jose4j): {@code zip: "DEF"} content
 * a thousand times smaller than what it inflates to. Anyone holding the recipient's public key can
 * make one that authenticates. The decrypter inflates at most its limit (default 256 KiB) and
 * stops as soon as the output passes it.
 */
class DeflateBombAttackTest {

    private static final String HEADER = "{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"zip\":\"DEF\"}";

    private static JweDecrypter.Builder decrypter() {
        return TrustedRecipient.decrypter(JweAlgorithm.DIR, ContentEncryption.A256GCM, TrustedRecipient.DIR);
    }

    private static String bomb(long inflatedSize) {
        return JweForge.dirGcm(TrustedRecipient.DIR_SECRET, HEADER, deflatedZeros(inflatedSize));
    }

    /** Raw DEFLATE of {@code size} zero bytes, fed in 64 KiB steps so the test never holds them all. */
    private static byte[] deflatedZeros(long size) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] zeros = new byte[64 * 1024];
        byte[] buf = new byte[64 * 1024];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (long left = size; left > 0; left -= zeros.length) {
                d.setInput(zeros, 0, (int) Math.min(zeros.length, left));
                while (!d.needsInput()) {
                    out.write(buf, 0, d.deflate(buf));
                }
            }
            d.finish();
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    @Test
    void rejectsADeflateBombWithinTheDefaultTokenSize() {
        String token = bomb(10 * 1024 * 1024);
        assertThat(token.length()).isLessThan(16 * 1024);

        String detail =
                rejects(TOO_LARGE, () -> decrypter().build().decrypt(token)).detail();

        assertThat(detail).contains("262144");
    }

    @Test
    void stopsInflatingAtTheLimitInsteadOfInflatingEverything() {
        // 256 MiB of zeros in a quarter megabyte: inflating it all would take a second and the heap.
        String token = bomb(256L << 20);
        JweDecrypter roomy = decrypter().maxTokenLength(2 * 1024 * 1024).build();

        long start = System.nanoTime();
        rejects(TOO_LARGE, () -> roomy.decrypt(token));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(millis).isLessThan(400);
    }

    @Test
    void acceptsContentExactlyAtTheLimitAndRejectsOneByteMore() throws JoseException {
        JweDecrypter d = decrypter().maxDecompressedLength(1000).build();
        byte[] content = new byte[1000];
        Arrays.fill(content, (byte) 'a');

        assertThat(d.decrypt(JweForge.dirGcm(TrustedRecipient.DIR_SECRET, HEADER, JweForge.deflate(content)))
                        .plaintext())
                .isEqualTo(content);
        rejects(TOO_LARGE, () -> d.decrypt(bomb(1001)));
    }

    @Test
    void rejectsTruncatedOrTrailingDeflateDataAndUnknownZip() {
        byte[] deflated = JweForge.deflate(TrustedRecipient.PLAINTEXT);
        JweDecrypter d = decrypter().build();

        rejects(
                MALFORMED,
                () -> d.decrypt(JweForge.dirGcm(
                        TrustedRecipient.DIR_SECRET, HEADER, Arrays.copyOf(deflated, deflated.length - 2))));
        rejects(
                MALFORMED,
                () -> d.decrypt(JweForge.dirGcm(
                        TrustedRecipient.DIR_SECRET, HEADER, Arrays.copyOf(deflated, deflated.length + 4))));
        rejects(
                MALFORMED,
                () -> d.decrypt(JweForge.dirGcm(TrustedRecipient.DIR_SECRET, HEADER, TrustedRecipient.PLAINTEXT)));
        rejects(
                UNSUPPORTED,
                () -> d.decrypt(JweForge.dirGcm(
                        TrustedRecipient.DIR_SECRET,
                        "{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"zip\":\"GZIP\"}",
                        deflated)));
    }
}
