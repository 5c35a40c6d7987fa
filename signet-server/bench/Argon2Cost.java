import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The cost of one Argon2id password hash with Bouncy Castle's generator, the one the server hashes
 * with, at given parameters: the bound on password sign-ins per second on this machine.
 *
 *   java -cp bcprov.jar Argon2Cost.java [MEMORY_KIB=19456] [ITERATIONS=2] [PARALLELISM=1] [SECONDS=5]
 *
 * Hashes a 16-character password with a 16-byte salt to 32 bytes, after a warm-up of SECONDS, for
 * SECONDS on 1 thread and then on as many threads as there are processors. Prints
 * `RESULT threads=N hashes=... hashes_per_s=... ms_per_hash=...` (ms per hash: wall time per hash
 * on one thread; on N threads, the mean latency of one hash while N run at once).
 */
public final class Argon2Cost {

    private Argon2Cost() {}

    public static void main(String[] args) throws Exception {
        int memoryKib = args.length > 0 ? Integer.parseInt(args[0]) : 19456;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int parallelism = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 5;
        int processors = Runtime.getRuntime().availableProcessors();
        System.out.printf(
                "argon2id m=%d KiB t=%d p=%d, %s %s, %d processors%n",
                memoryKib,
                iterations,
                parallelism,
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                processors);
        run(1, memoryKib, iterations, parallelism, seconds, false);
        run(1, memoryKib, iterations, parallelism, seconds, true);
        if (processors > 1) {
            run(processors, memoryKib, iterations, parallelism, seconds, true);
        }
    }

    private static void run(int threads, int memoryKib, int iterations, int parallelism, double seconds, boolean report)
            throws Exception {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<long[]>> results = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            int worker = i;
            results.add(pool.submit(() -> {
                byte[] salt = new byte[16];
                byte[] out = new byte[32];
                byte[] password = ("correct horse " + worker).getBytes(StandardCharsets.UTF_8);
                long n = 0;
                long busy = 0;
                while (System.nanoTime() < deadline) {
                    salt[0] = (byte) n;
                    long s = System.nanoTime();
                    Argon2BytesGenerator generator = new Argon2BytesGenerator();
                    generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                            .withMemoryAsKB(memoryKib)
                            .withIterations(iterations)
                            .withParallelism(parallelism)
                            .withSalt(salt)
                            .build());
                    generator.generateBytes(password, out);
                    busy += System.nanoTime() - s;
                    n++;
                }
                return new long[] {n, busy};
            }));
        }
        long hashes = 0;
        long busy = 0;
        for (Future<long[]> f : results) {
            long[] r = f.get();
            hashes += r[0];
            busy += r[1];
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        if (report) {
            System.out.printf(
                    "RESULT threads=%d hashes=%d seconds=%.2f hashes_per_s=%.1f ms_per_hash=%.2f%n",
                    threads, hashes, wall, hashes / wall, busy / 1e6 / hashes);
        }
    }
}
