import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The unauthenticated client-id flood: token requests (client_secret_post) whose client_id is ID_BYTES
 * random letters, each one new, from THREADS threads for SECONDS seconds. Needs nothing but a JDK:
 *   java signet-server/bench/HostileIds.java http://127.0.0.1:18490/tenants/default/token 20 4 60000
 * Prints one line starting with RESULT: requests sent, their rate, and the answers by status.
 */
public final class HostileIds {
    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        long seconds = Long.parseLong(args[1]);
        int threads = Integer.parseInt(args[2]);
        int idBytes = Integer.parseInt(args[3]);
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, AtomicLong> statuses = new ConcurrentHashMap<>();
        AtomicLong sent = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            long seed = t;
            workers[t] = new Thread(() -> {
                Random random = new Random(seed);
                char[] id = new char[idBytes];
                while (System.nanoTime() < end) {
                    for (int i = 0; i < id.length; i++) {
                        id[i] = (char) ('a' + random.nextInt(26));
                    }
                    String body = "grant_type=client_credentials&client_secret=x&client_id="
                            + URLEncoder.encode(new String(id), StandardCharsets.UTF_8);
                    HttpRequest request = HttpRequest.newBuilder(url)
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build();
                    String key;
                    try {
                        key = Integer.toString(http.send(request, HttpResponse.BodyHandlers.discarding())
                                .statusCode());
                    } catch (Exception e) {
                        key = "error";
                    }
                    sent.incrementAndGet();
                    statuses.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
                }
            });
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        StringBuilder by = new StringBuilder();
        new java.util.TreeMap<>(statuses)
                .forEach((k, v) -> by.append(" status_").append(k).append('=').append(v));
        System.out.printf(
                "RESULT attack requests=%d rps=%.0f id_bytes=%d threads=%d%s%n",
                sent.get(), sent.get() / (double) seconds, idBytes, threads, by);
    }
}
