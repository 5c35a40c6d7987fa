package dev.signet.server.identity;

/**
 * The Argon2id cost of a password hash: memory in KiB, passes over it, lanes. The defaults are
 * OWASP's minimum (m=19 MiB, t=2, p=1); a setting below any of them is refused, since a cheaper
 * hash only helps whoever has a copy of the table.
 */
public record PasswordHashing(int memoryKib, int iterations, int parallelism) {

    public static final int MIN_MEMORY_KIB = 19_456;
    public static final int MAX_MEMORY_KIB = 1 << 20;
    public static final int MIN_ITERATIONS = 2;
    public static final int MAX_ITERATIONS = 100;
    public static final int MIN_PARALLELISM = 1;
    public static final int MAX_PARALLELISM = 16;

    /** OWASP's recommended minimum for Argon2id. */
    public static final PasswordHashing DEFAULT = new PasswordHashing(MIN_MEMORY_KIB, MIN_ITERATIONS, MIN_PARALLELISM);

    public PasswordHashing {
        if (memoryKib < MIN_MEMORY_KIB || memoryKib > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException(
                    "argon2 memory must be from " + MIN_MEMORY_KIB + " to " + MAX_MEMORY_KIB + " KiB");
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException(
                    "argon2 iterations must be from " + MIN_ITERATIONS + " to " + MAX_ITERATIONS);
        }
        if (parallelism < MIN_PARALLELISM || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException(
                    "argon2 parallelism must be from " + MIN_PARALLELISM + " to " + MAX_PARALLELISM);
        }
        if (memoryKib < 8 * parallelism) {
            throw new IllegalArgumentException("argon2 memory must be at least 8 KiB per lane");
        }
    }

    /** Whether one hash fits in half of a heap of {@code maxHeapBytes} (the rest is the server's). */
    public boolean fitsHeap(long maxHeapBytes) {
        return (long) memoryKib * 1024 <= maxHeapBytes / 2;
    }
}
