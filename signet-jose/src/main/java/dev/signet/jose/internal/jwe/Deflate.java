package dev.signet.jose.internal.jwe;

import dev.signet.jose.JoseException;
import dev.signet.jose.JoseException.Reason;
import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * {@code zip: "DEF"} (RFC 7516 §4.1.3): raw DEFLATE (RFC 1951, no zlib wrapper) through
 * {@link java.util.zip}. Inflation stops as soon as the output would pass the limit, so a
 * deflate bomb costs at most the limit in memory and the time to produce it.
 */
public final class Deflate {

    private static final int CHUNK = 4096;

    private Deflate() {}

    public static byte[] compress(byte[] data) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            d.setInput(data);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 2));
            byte[] buf = new byte[CHUNK];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    /**
     * Inflates at most {@code maxLength} bytes.
     *
     * @throws JoseException {@code TOO_LARGE} as soon as the output passes {@code maxLength},
     *     {@code MALFORMED} for data that is not one complete raw DEFLATE stream
     */
    public static byte[] inflate(byte[] data, int maxLength) throws JoseException {
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxLength, Math.max(64, data.length * 4)));
            byte[] buf = new byte[CHUNK];
            while (!inf.finished()) {
                int n = inf.inflate(buf, 0, Math.min(CHUNK, maxLength - out.size() + 1));
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw new JoseException(
                            Reason.MALFORMED, "the compressed content is truncated or needs a dictionary");
                }
                out.write(buf, 0, n);
                if (out.size() > maxLength) {
                    throw new JoseException(
                            Reason.TOO_LARGE, "the decompressed content exceeds the limit of " + maxLength + " bytes");
                }
            }
            if (inf.getRemaining() > 0) {
                throw new JoseException(Reason.MALFORMED, "data follows the end of the compressed content");
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new JoseException(Reason.MALFORMED, "the compressed content is not valid DEFLATE data");
        } finally {
            inf.end();
        }
    }
}
