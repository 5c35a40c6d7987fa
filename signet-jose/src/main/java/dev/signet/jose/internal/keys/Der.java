package dev.signet.jose.internal.keys;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The little DER needed to read and write key containers (SPKI, PKCS#8) and ECDSA signatures.
 * Definite lengths only, at most four length bytes; anything else is {@link IllegalArgumentException}.
 */
public final class Der {

    public static final int INTEGER = 0x02;
    public static final int BIT_STRING = 0x03;
    public static final int OCTET_STRING = 0x04;
    public static final int NULL = 0x05;
    public static final int OID = 0x06;
    public static final int SEQUENCE = 0x30;

    private Der() {}

    /** Sequential reader over one DER-encoded region. */
    public static final class Reader {
        private final byte[] buf;
        private int pos;
        private final int end;

        public Reader(byte[] der) {
            this(der, 0, der.length);
        }

        private Reader(byte[] buf, int pos, int end) {
            this.buf = buf;
            this.pos = pos;
            this.end = end;
        }

        public boolean hasMore() {
            return pos < end;
        }

        public int peekTag() {
            if (pos >= end) {
                throw new IllegalArgumentException("DER: no more elements");
            }
            return buf[pos] & 0xff;
        }

        /** Reads one element of the given tag and returns its content. */
        public byte[] read(int tag) {
            int[] span = element(tag);
            return Arrays.copyOfRange(buf, span[0], span[1]);
        }

        /** Reads a SEQUENCE (or other constructed element) and returns a reader over its content. */
        public Reader sequence() {
            return constructed(SEQUENCE);
        }

        public Reader constructed(int tag) {
            int[] span = element(tag);
            return new Reader(buf, span[0], span[1]);
        }

        /** The magnitude bytes of an INTEGER; negative integers are rejected. */
        public byte[] integerBytes() {
            byte[] v = read(INTEGER);
            if (v.length == 0 || (v[0] & 0x80) != 0) {
                throw new IllegalArgumentException("DER: negative or empty INTEGER");
            }
            return v;
        }

        /** The dotted form of an OBJECT IDENTIFIER. */
        public String oid() {
            byte[] v = read(OID);
            if (v.length == 0) {
                throw new IllegalArgumentException("DER: empty OID");
            }
            StringBuilder sb = new StringBuilder();
            long value = 0;
            boolean first = true;
            for (byte b : v) {
                value = (value << 7) | (b & 0x7f);
                if (value > (1L << 56)) {
                    throw new IllegalArgumentException("DER: OID arc too large");
                }
                if ((b & 0x80) == 0) {
                    if (first) {
                        long a = Math.min(value / 40, 2);
                        sb.append(a).append('.').append(value - 40 * a);
                        first = false;
                    } else {
                        sb.append('.').append(value);
                    }
                    value = 0;
                }
            }
            return sb.toString();
        }

        /** The bytes of a BIT STRING with no unused bits. */
        public byte[] bitString() {
            byte[] v = read(BIT_STRING);
            if (v.length == 0 || v[0] != 0) {
                throw new IllegalArgumentException("DER: BIT STRING with unused bits");
            }
            return Arrays.copyOfRange(v, 1, v.length);
        }

        /** Skips one element of any tag. */
        public void skip() {
            element(peekTag());
        }

        private int[] element(int tag) {
            if (pos + 2 > end) {
                throw new IllegalArgumentException("DER: truncated");
            }
            int t = buf[pos] & 0xff;
            if (t != tag) {
                throw new IllegalArgumentException("DER: expected tag " + tag + ", found " + t);
            }
            int p = pos + 1;
            int len = buf[p++] & 0xff;
            if (len >= 0x80) {
                int n = len & 0x7f;
                if (n == 0 || n > 4 || p + n > end) {
                    throw new IllegalArgumentException("DER: unsupported length");
                }
                len = 0;
                for (int i = 0; i < n; i++) {
                    len = (len << 8) | (buf[p++] & 0xff);
                }
                if (len < 0) {
                    throw new IllegalArgumentException("DER: length overflow");
                }
            }
            if (len > end - p) {
                throw new IllegalArgumentException("DER: length beyond the data");
            }
            pos = p + len;
            return new int[] {p, p + len};
        }
    }

    /** Encodes one element. */
    public static byte[] element(int tag, byte[]... parts) {
        int len = 0;
        for (byte[] p : parts) {
            len += p.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + 6);
        out.write(tag);
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >>> 8);
            out.write(len);
        } else {
            out.write(0x83);
            out.write(len >>> 16);
            out.write(len >>> 8);
            out.write(len);
        }
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    /** Encodes a dotted OBJECT IDENTIFIER. */
    public static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.", -1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long first = Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]);
        base128(out, first);
        for (int i = 2; i < arcs.length; i++) {
            base128(out, Long.parseLong(arcs[i]));
        }
        return element(OID, out.toByteArray());
    }

    private static void base128(ByteArrayOutputStream out, long v) {
        int groups = 1;
        for (long t = v >>> 7; t != 0; t >>>= 7) {
            groups++;
        }
        for (int g = groups - 1; g >= 0; g--) {
            int b = (int) ((v >>> (7 * g)) & 0x7f);
            out.write(g == 0 ? b : b | 0x80);
        }
    }
}
