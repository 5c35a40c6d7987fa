package dev.signet.bench;

import dev.signet.server.identity.Argon2id;
import dev.signet.server.identity.PasswordHashing;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one password check at the server's Argon2id parameters (default OWASP's minimum,
 * m=19456 KiB, t=2, p=1): {@link #hash} makes a new PHC string as enrolment and re-hashing do,
 * {@link #verify} checks a password against a stored one as every sign-in does. The time per
 * operation bounds password sign-ins per second and core; {@code -t 2} runs two at once (the
 * server allows one hash per processor, within a quarter of its heap).
 *
 * <pre>
 * java -jar signet-bench/target/benchmarks.jar Argon2idHash -t 1
 * java -jar signet-bench/target/benchmarks.jar Argon2idHash.verify -t 2 -p memoryKib=19456,47104
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@State(Scope.Benchmark)
public class Argon2idHash {

    private static final String PASSWORD = "correct horse battery staple";

    @Param("19456")
    int memoryKib;

    @Param("2")
    int iterations;

    @Param("1")
    int parallelism;

    private Argon2id argon2;
    private String stored;

    @Setup
    public void setUp() {
        argon2 = new Argon2id(new PasswordHashing(memoryKib, iterations, parallelism));
        stored = argon2.hash(PASSWORD);
    }

    @Benchmark
    public String hash() {
        return argon2.hash(PASSWORD);
    }

    @Benchmark
    public boolean verify() {
        return argon2.verify(PASSWORD, stored);
    }
}
