import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * Slowloris against the token endpoint, and what a normal client sees meanwhile. For SECONDS seconds it
 * keeps HEADERS connections sending their headers and BODIES connections sending their body one byte
 * every DRIP seconds (a connection the server closes is opened again at once), while one client asks
 * for a token (client_secret_basic, CLIENT_ID and CLIENT_SECRET from the environment) every 100 ms,
 * each request given 2 s. Needs nothing but a JDK:
 *   CLIENT_ID=... CLIENT_SECRET=... java signet-server/bench/SlowClients.java 127.0.0.1 18500 30 200 200 5
 * Prints lines starting with RESULT: the normal requests (answered, failed, latency) and how the slow
 * connections ended (408, closed without an answer, another answer) and how long they had lasted.
 */
public final class SlowClients {

    private static final String TOKEN = "/tenants/default/token";
    private static final Duration PROMPT = Duration.ofSeconds(2);

    /** One slow connection. */
    private static final class Slow {
        final boolean body;
        final SocketChannel channel;
        final long opened = System.nanoTime();
        long nextDrip;
        final StringBuilder received = new StringBuilder();

        Slow(InetSocketAddress address, boolean body, long dripNanos) throws IOException {
            this.body = body;
            channel = SocketChannel.open(address);
            channel.configureBlocking(false);
            String head = "POST " + TOKEN + " HTTP/1.1\r\nHost: " + address.getHostString() + "\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\n";
            String start = body ? head + "Content-Length: 1000\r\n\r\ngrant_type=" : head + "X-Slow: a";
            channel.write(ByteBuffer.wrap(start.getBytes(StandardCharsets.ISO_8859_1)));
            nextDrip = opened + dripNanos;
        }
    }

    /** How the slow connections ended. */
    private static final class Ends {
        int answered408;
        int closedUnanswered;
        int otherAnswer;
        final List<Long> lifetimesMillis = new ArrayList<>();

        void end(Slow s) {
            String r = s.received.toString();
            if (r.startsWith("HTTP/1.1 408 ")) {
                answered408++;
            } else if (r.isEmpty()) {
                closedUnanswered++;
            } else {
                otherAnswer++;
            }
            lifetimesMillis.add((System.nanoTime() - s.opened) / 1_000_000);
        }

        String summary(String kind, int open) {
            Collections.sort(lifetimesMillis);
            return String.format(
                    "RESULT slow_%s ended=%d answered_408=%d closed_unanswered=%d other_answer=%d"
                            + " still_open_at_end=%d lifetime_min_ms=%d lifetime_median_ms=%d lifetime_max_ms=%d",
                    kind,
                    lifetimesMillis.size(),
                    answered408,
                    closedUnanswered,
                    otherAnswer,
                    open,
                    at(lifetimesMillis, 0),
                    at(lifetimesMillis, 50),
                    at(lifetimesMillis, 100));
        }
    }

    public static void main(String[] args) throws Exception {
        InetSocketAddress address = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        long seconds = Long.parseLong(args[2]);
        int headers = Integer.parseInt(args[3]);
        int bodies = Integer.parseInt(args[4]);
        long drip = Duration.ofSeconds(Long.parseLong(args[5])).toNanos();
        String auth = "Basic "
                + Base64.getEncoder()
                        .encodeToString((System.getenv("CLIENT_ID") + ":" + System.getenv("CLIENT_SECRET"))
                                .getBytes(StandardCharsets.UTF_8));

        List<Slow> slow = new ArrayList<>();
        for (int i = 0; i < headers + bodies; i++) {
            slow.add(new Slow(address, i >= headers, drip));
        }
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        Ends headerEnds = new Ends();
        Ends bodyEnds = new Ends();
        int[] stillOpen = new int[2];
        Thread attacker = new Thread(
                () -> {
                    ByteBuffer buf = ByteBuffer.allocate(4096);
                    while (System.nanoTime() < end) {
                        long now = System.nanoTime();
                        for (int i = 0; i < slow.size(); i++) {
                            Slow s = slow.get(i);
                            boolean closed = false;
                            try {
                                buf.clear();
                                int n = s.channel.read(buf);
                                if (n > 0) {
                                    s.received.append(StandardCharsets.ISO_8859_1.decode(buf.flip()));
                                } else if (n < 0) {
                                    closed = true;
                                } else if (now >= s.nextDrip) {
                                    s.nextDrip += drip;
                                    s.channel.write(ByteBuffer.wrap(new byte[] {'a'}));
                                }
                            } catch (IOException reset) {
                                closed = true;
                            }
                            if (closed) {
                                (s.body ? bodyEnds : headerEnds).end(s);
                                try {
                                    s.channel.close();
                                    slow.set(i, new Slow(address, s.body, drip));
                                } catch (IOException e) {
                                    throw new IllegalStateException("cannot open another slow connection", e);
                                }
                            }
                        }
                        sleep(20);
                    }
                    for (Slow s : slow) {
                        stillOpen[s.body ? 1 : 0]++;
                        try {
                            s.channel.close();
                        } catch (IOException ignored) {
                            // closing anyway
                        }
                    }
                },
                "slow-clients");
        attacker.start();

        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(PROMPT)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        URI token = URI.create("http://" + address.getHostString() + ":" + address.getPort() + TOKEN);
        List<Long> micros = new ArrayList<>();
        int ok = 0;
        int failed = 0;
        String firstFailure = null;
        sleep(500); // the slow connections are all open and dripping
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(token)
                                .timeout(PROMPT)
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .header("Authorization", auth)
                                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    ok++;
                } else {
                    failed++;
                    firstFailure = firstFailure == null ? "status " + r.statusCode() : firstFailure;
                }
            } catch (IOException e) {
                failed++;
                firstFailure = firstFailure == null ? e.toString() : firstFailure;
            }
            micros.add((System.nanoTime() - t0) / 1_000);
            sleep(100);
        }
        attacker.join();
        Collections.sort(micros);
        System.out.printf(
                "RESULT normal requests=%d ok=%d failed=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f%s%n",
                micros.size(),
                ok,
                failed,
                at(micros, 50) / 1000.0,
                at(micros, 99) / 1000.0,
                at(micros, 100) / 1000.0,
                firstFailure == null ? "" : " first_failure=\"" + firstFailure + "\"");
        System.out.println(headerEnds.summary("headers", stillOpen[0]));
        System.out.println(bodyEnds.summary("bodies", stillOpen[1]));
    }

    private static long at(List<Long> sorted, int percentile) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int i = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
