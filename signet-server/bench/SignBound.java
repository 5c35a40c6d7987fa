import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bound beside the token-load benchmark: bare JCA signatures per second over a token-sized
 * input (the same JDK, provider and algorithm, on the same cores), on 1 and 2 threads.
 * Run as a single-file program with the signet jar on the class path (token-load.sh does):
 *   java -cp signet-cli/target/signet.jar signet-server/bench/SignBound.java ES256 accp 5
 * Prints lines starting with RESULT.
 */
public final class SignBound {

    public static void main(String[] args) throws Exception {
        String alg = args.length > 0 ? args[0] : "ES256";
        String provider = args.length > 1 ? args[1] : "accp";
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        if (provider.equals("accp")) {
            AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
            AmazonCorrettoCryptoProvider.install();
        }
        String jca;
        KeyPairGenerator kpg;
        switch (alg) {
            case "ES256" -> {
                jca = "SHA256withECDSA";
                kpg = KeyPairGenerator.getInstance("EC");
                kpg.initialize(new ECGenParameterSpec("secp256r1"));
            }
            case "RS256" -> {
                jca = "SHA256withRSA";
                kpg = KeyPairGenerator.getInstance("RSA");
                kpg.initialize(2048);
            }
            default -> throw new IllegalArgumentException("ES256 or RS256, not " + alg);
        }
        KeyPair kp = kpg.generateKeyPair();
        // About the size of a signing input of an access token (header.claims in Base64URL).
        byte[] input = "x".repeat(330).getBytes(StandardCharsets.US_ASCII);
        String used = Signature.getInstance(jca).getProvider().getName();
        for (int threads : new int[] {1, 2}) {
            run(jca, kp.getPrivate(), input, threads, 1); // warm-up
            double rate = run(jca, kp.getPrivate(), input, threads, seconds);
            System.out.printf(
                    "RESULT bound alg=%s provider=%s threads=%d signatures_per_s=%.0f%n", alg, used, threads, rate);
        }
    }

    private static double run(String jca, PrivateKey key, byte[] input, int threads, int seconds) throws Exception {
        LongAdder done = new LongAdder();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Thread[] workers = new Thread[threads];
        long start = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            workers[i] = new Thread(() -> {
                try {
                    Signature s = Signature.getInstance(jca);
                    while (System.nanoTime() < end) {
                        s.initSign(key);
                        s.update(input);
                        s.sign();
                        done.increment();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            workers[i].start();
        }
        for (Thread t : workers) {
            t.join();
        }
        return done.sum() / ((System.nanoTime() - start) / 1e9);
    }
}
