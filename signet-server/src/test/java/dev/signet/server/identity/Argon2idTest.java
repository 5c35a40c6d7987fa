package dev.signet.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Argon2idTest {

    /**
     * RFC 9106 §5.3, the Argon2id test vector (version 0x13): memory 32 KiB, 3 passes, 4 lanes,
     * 32-byte tag, password 32 × 0x01, salt 16 × 0x02, secret 8 × 0x03, associated data 12 × 0x04.
     */
    private static final String RFC_9106_ARGON2ID_TAG =
            "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659";

    @Test
    void matchesTheRfc9106Argon2idVector() {
        byte[] tag = Argon2id.raw(fill(32, 0x01), fill(16, 0x02), fill(8, 0x03), fill(12, 0x04), 32, 3, 4, 32);
        assertThat(HexFormat.of().formatHex(tag)).isEqualTo(RFC_9106_ARGON2ID_TAG);
    }

    @Test
    void writesPhcStringsWithTheConfiguredParametersAndVerifiesThem() {
        Argon2id h = new Argon2id(PasswordHashing.DEFAULT);
        String phc = h.hash("correct horse battery staple");
        assertThat(phc).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(h.verify("correct horse battery staple", phc)).isTrue();
        assertThat(h.verify("correct horse battery stapl", phc)).isFalse();
        assertThat(h.hash("correct horse battery staple"))
                .as("a fresh salt each time")
                .isNotEqualTo(phc);
        assertThat(h.needsRehash(phc)).isFalse();
    }

    @Test
    void aHashOfOtherParametersStillVerifiesAndAsksForARehash() {
        Argon2id old = new Argon2id(PasswordHashing.DEFAULT);
        Argon2id stronger = new Argon2id(new PasswordHashing(19_456, 3, 1));
        String phc = old.hash("a long enough passphrase");
        assertThat(stronger.verify("a long enough passphrase", phc)).isTrue();
        assertThat(stronger.needsRehash(phc)).isTrue();
        assertThat(stronger.needsRehash(stronger.hash("a long enough passphrase")))
                .isFalse();
    }

    @Test
    void malformedOrMissingHashesNeverMatchAndStillCostAHash() {
        Argon2id h = new Argon2id(PasswordHashing.DEFAULT);
        long before = h.computed();
        assertThat(h.verify("x", null)).isFalse();
        assertThat(h.verify("x", "$argon2i$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAA"))
                .isFalse();
        assertThat(h.verify("x", "$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA"))
                .as("parameters below the minimum are not trusted")
                .isFalse();
        assertThat(h.computed() - before).isEqualTo(3);
    }

    @Test
    void parametersBelowOwaspMinimumsAreRefused() {
        assertThatThrownBy(() -> new PasswordHashing(19_455, 2, 1)).hasMessageContaining("memory");
        assertThatThrownBy(() -> new PasswordHashing(19_456, 1, 1)).hasMessageContaining("iterations");
        assertThatThrownBy(() -> new PasswordHashing(19_456, 2, 0)).hasMessageContaining("parallelism");
    }

    @Test
    void aHashMustFitInHalfTheHeap() {
        assertThat(PasswordHashing.DEFAULT.fitsHeap(128L << 20)).isTrue();
        assertThat(new PasswordHashing(65_536, 2, 1).fitsHeap(128L << 20)).isTrue();
        assertThat(new PasswordHashing(65_537, 2, 1).fitsHeap(128L << 20)).isFalse();
    }

    @Test
    void concurrentHashesAreBoundedByProcessorsAndHeap() {
        int n = Argon2id.concurrentHashes(PasswordHashing.DEFAULT, Runtime.getRuntime());
        assertThat(n).isBetween(1, Runtime.getRuntime().availableProcessors());
        assertThat((long) n * 19_456 * 1024)
                .isLessThanOrEqualTo(
                        Math.max(19_456L * 1024, Runtime.getRuntime().maxMemory() / 4));
    }

    private static byte[] fill(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
