package dev.signet.server.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes (RFC 9106, Bouncy Castle's implementation) in the PHC string format
 * {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>}: a 16-byte random salt and a
 * 32-byte hash, both unpadded Base64.
 *
 * <p>Each hash holds its memory (19 MiB by default) for its whole run, so at most as many run at
 * once as there are processors, and never more than a quarter of the heap's worth: a burst of
 * sign-ins waits for a permit rather than exhausting memory.
 */
public final class Argon2id {

    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;

    private static final Pattern PHC = Pattern.compile("\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,4}),p=(\\d{1,3})"
            + "\\$([A-Za-z0-9+/]{11,86})\\$([A-Za-z0-9+/]{11,86})");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PasswordHashing params;
    private final Semaphore permits;
    private final AtomicLong computed = new AtomicLong();
    /**
     * What unknown users are checked against: a PHC string of the current parameters with a random
     * salt and random hash bytes. Checking a password against it costs what checking against a real
     * hash costs, and no password matches it; making it costs nothing.
     */
    private final String dummy;

    public Argon2id(PasswordHashing params) {
        this.params = params;
        this.permits = new Semaphore(concurrentHashes(params, Runtime.getRuntime()), true);
        byte[] salt = new byte[SALT_BYTES];
        byte[] hash = new byte[HASH_BYTES];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(hash);
        this.dummy = phc(params, salt, hash);
    }

    private static String phc(PasswordHashing p, byte[] salt, byte[] hash) {
        return "$argon2id$v=19$m=" + p.memoryKib() + ",t=" + p.iterations() + ",p=" + p.parallelism() + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** How many hashes may run at once: one per processor, within a quarter of the maximum heap. */
    static int concurrentHashes(PasswordHashing params, Runtime rt) {
        long perHash = (long) params.memoryKib() * 1024;
        long byHeap = rt.maxMemory() / 4 / perHash;
        return (int) Math.max(1, Math.min(rt.availableProcessors(), byHeap));
    }

    /** The parameters new hashes are made with. */
    public PasswordHashing parameters() {
        return params;
    }

    /** A new PHC string for {@code password}, with a fresh salt. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return phc(params, salt, compute(password, salt, params, HASH_BYTES));
    }

    /**
     * Whether {@code password} matches {@code phc} (compared in constant time). A null or malformed
     * stored value is checked against the dummy hash, so the answer (false) takes the usual time.
     */
    public boolean verify(String password, String phc) {
        Matcher m = phc == null ? null : PHC.matcher(phc);
        if (m == null || !m.matches()) {
            verifyDummy(password);
            return false;
        }
        PasswordHashing stored;
        byte[] salt;
        byte[] expected;
        try {
            stored = new PasswordHashing(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            salt = B64D.decode(m.group(4));
            expected = B64D.decode(m.group(5));
        } catch (IllegalArgumentException e) {
            verifyDummy(password);
            return false;
        }
        byte[] actual = compute(password, salt, stored, expected.length);
        return MessageDigest.isEqual(actual, expected);
    }

    /** Spends what checking a password costs, for a user that does not exist; always false. */
    public boolean verifyDummy(String password) {
        verify(password, dummy);
        return false;
    }

    /** Whether a stored hash was made with other parameters (or lengths) than new hashes are. */
    public boolean needsRehash(String phc) {
        Matcher m = phc == null ? null : PHC.matcher(phc);
        if (m == null || !m.matches()) {
            return true;
        }
        return Integer.parseInt(m.group(1)) != params.memoryKib()
                || Integer.parseInt(m.group(2)) != params.iterations()
                || Integer.parseInt(m.group(3)) != params.parallelism()
                || B64D.decode(m.group(4)).length != SALT_BYTES
                || B64D.decode(m.group(5)).length != HASH_BYTES;
    }

    /** How many Argon2 computations this instance has run (tests count them to prove throttling answers first). */
    long computed() {
        return computed.get();
    }

    private byte[] compute(String password, byte[] salt, PasswordHashing p, int length) {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        permits.acquireUninterruptibly();
        try {
            computed.incrementAndGet();
            return raw(pw, salt, null, null, p.memoryKib(), p.iterations(), p.parallelism(), length);
        } finally {
            permits.release();
            Arrays.fill(pw, (byte) 0);
        }
    }

    /** Argon2id version 0x13 as RFC 9106 §3 defines it, with its optional secret and associated data. */
    static byte[] raw(
            byte[] password,
            byte[] salt,
            byte[] secret,
            byte[] associated,
            int memoryKib,
            int iterations,
            int parallelism,
            int length) {
        Argon2Parameters.Builder b = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt);
        if (secret != null) {
            b.withSecret(secret);
        }
        if (associated != null) {
            b.withAdditional(associated);
        }
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(b.build());
        byte[] out = new byte[length];
        gen.generateBytes(password, out);
        return out;
    }
}
