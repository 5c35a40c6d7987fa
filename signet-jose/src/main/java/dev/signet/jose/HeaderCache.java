package dev.signet.jose;

import java.util.Arrays;

/**
 * The last few protected headers a verifier parsed, keyed by their encoded bytes. An issuer's
 * tokens share one header ({@code alg}, {@code kid}, {@code typ}), so most verifications skip
 * decoding and parsing it. A parsed header is a pure function of its bytes and is checked on
 * every use, so a hit changes nothing but the cost. Eight slots, replaced in turn; headers over
 * 512 bytes are never cached, so hostile headers cost memory only while they are being parsed.
 */
final class HeaderCache {

    private static final int SLOTS = 8;
    private static final int MAX_ENCODED = 512;

    /** Immutable, so a racy read sees a complete entry or none (JLS §17.5). */
    private static final class Entry {
        final byte[] encoded;
        final JwsHeader header;

        Entry(byte[] encoded, JwsHeader header) {
            this.encoded = encoded;
            this.header = header;
        }
    }

    private final Entry[] entries = new Entry[SLOTS];
    private int next;

    /** The header cached for {@code token[0, len)}, or null. */
    JwsHeader get(byte[] token, int len) {
        for (Entry e : entries) {
            if (e != null && e.encoded.length == len && Arrays.equals(e.encoded, 0, len, token, 0, len)) {
                return e.header;
            }
        }
        return null;
    }

    void put(byte[] token, int len, JwsHeader header) {
        if (len > MAX_ENCODED) {
            return;
        }
        Entry e = new Entry(Arrays.copyOf(token, len), header);
        synchronized (this) {
            entries[next] = e;
            next = (next + 1) % SLOTS;
        }
    }
}
