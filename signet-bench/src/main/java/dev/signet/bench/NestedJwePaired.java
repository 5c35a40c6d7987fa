package dev.signet.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A paired companion to the {@link NestedJwe} JMH benchmark for its "within 5% of raw JCA"
 * target: Signet's nested-JWT decrypt-and-verify and the {@link NestedJweBaseline} floor run in
 * one JVM, in alternating slices of {@code --slice-ms}, after both have been warmed up for
 * {@code --warmup-s}. Each pair of adjacent slices gives one cost ratio (Signet's time per token
 * ÷ the floor's), so a burst of foreign load on the shared machine lands on both sides of a pair
 * instead of on one whole JMH fork; the median ratio and its interquartile range are printed.
 * JMH remains the source of the absolute numbers.
 *
 * <pre>
 * java -cp signet-bench/target/benchmarks.jar dev.signet.bench.NestedJwePaired accp ECDH-ES+A256KW
 * </pre>
 *
 * Arguments: provider ({@code jdk}, {@code accp}), alg ({@code RSA-OAEP-256},
 * {@code ECDH-ES+A256KW}), then optionally {@code --warmup-s N} (default 20), {@code --pairs N}
 * (default 40), {@code --slice-ms N} (default 500). One provider per JVM, as in JMH's forks.
 */
public final class NestedJwePaired {

    private static volatile Object sink;

    private NestedJwePaired() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: NestedJwePaired jdk|accp RSA-OAEP-256|ECDH-ES+A256KW [--warmup-s N] [--pairs N]"
                    + " [--slice-ms N]");
            System.exit(2);
        }
        String provider = args[0];
        String alg = args[1];
        int warmupS = 20;
        int pairs = 40;
        int sliceMs = 500;
        for (int i = 2; i + 1 < args.length; i += 2) {
            int v = Integer.parseInt(args[i + 1]);
            switch (args[i]) {
                case "--warmup-s" -> warmupS = v;
                case "--pairs" -> pairs = v;
                case "--slice-ms" -> sliceMs = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        NestedJweSuite s = NestedJweSuite.create(alg, provider);
        String token = s.token;
        Slice signet = () -> sink = s.signet.verify(token);
        Slice floor = () -> sink = s.jca.decryptAndVerify();

        long warmEnd = System.nanoTime() + warmupS * 1_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            nanosPerOp(signet, 250);
            nanosPerOp(floor, 250);
        }
        List<Double> ratios = new ArrayList<>();
        double signetSum = 0;
        double floorSum = 0;
        for (int p = 0; p < pairs; p++) {
            // Alternate which side goes first, so a trend in the machine's load favours neither.
            double a;
            double b;
            if ((p & 1) == 0) {
                a = nanosPerOp(signet, sliceMs);
                b = nanosPerOp(floor, sliceMs);
            } else {
                b = nanosPerOp(floor, sliceMs);
                a = nanosPerOp(signet, sliceMs);
            }
            ratios.add(a / b);
            signetSum += a;
            floorSum += b;
        }
        Collections.sort(ratios);
        System.out.printf(
                Locale.ROOT,
                "RESULT provider=%s alg=%s pairs=%d slice_ms=%d signet_us=%.1f floor_us=%.1f"
                        + " ratio_median=%.3f ratio_q1=%.3f ratio_q3=%.3f ratio_of_means=%.3f%n",
                provider,
                alg,
                pairs,
                sliceMs,
                signetSum / pairs / 1000,
                floorSum / pairs / 1000,
                quantile(ratios, 0.5),
                quantile(ratios, 0.25),
                quantile(ratios, 0.75),
                signetSum / floorSum);
    }

    @FunctionalInterface
    private interface Slice {
        void run() throws Exception;
    }

    private static double nanosPerOp(Slice op, long ms) throws Exception {
        long start = System.nanoTime();
        long end = start + ms * 1_000_000L;
        long n = 0;
        long now;
        do {
            for (int i = 0; i < 8; i++) {
                op.run();
            }
            n += 8;
            now = System.nanoTime();
        } while (now < end);
        return (double) (now - start) / n;
    }

    private static double quantile(List<Double> sorted, double q) {
        double pos = q * (sorted.size() - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (pos - lo);
    }
}
