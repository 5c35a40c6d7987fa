package dev.signet.server.http;

import static dev.signet.server.TestServer.ORDERS_SECRET;
import static dev.signet.server.TestServer.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.TestDatabases;
import dev.signet.server.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slowloris over loopback: hundreds of connections that send their headers, or their body, a byte
 * a second. Other clients are answered promptly throughout, on a pool of platform threads as on
 * virtual threads, and every slow request ends at {@link HttpApi#REQUEST_DEADLINE}: a slow body with
 * 408, slow headers with the connection closed.
 */
class SlowClientsTest {

    private static final String TOKEN = "/tenants/default/token";
    private static final int SLOW_HEADERS = 200;
    private static final int SLOW_BODIES = 200;
    private static final Duration DRIP = Duration.ofSeconds(1);
    /** What each normal request may take while the slow clients drip. */
    private static final Duration PROMPT = Duration.ofSeconds(2);

    private static final String FORM = "grant_type=client_credentials";

    @TempDir
    Path dir;

    /** One slow connection, as seen from the client. */
    private static final class Drip {
        final SocketChannel channel;
        final boolean body;
        final long firstByteNanos = System.nanoTime();
        long nextDripNanos;
        long closedNanos;
        final StringBuilder received = new StringBuilder();

        Drip(SocketChannel channel, boolean body) {
            this.channel = channel;
            this.body = body;
            this.nextDripNanos = firstByteNanos + DRIP.toNanos();
        }

        boolean open() {
            return closedNanos == 0;
        }

        /** Reads what the server sent; notes when it closed. */
        void poll(ByteBuffer buf) {
            try {
                buf.clear();
                int n = channel.read(buf);
                if (n > 0) {
                    received.append(StandardCharsets.ISO_8859_1.decode(buf.flip()));
                } else if (n < 0) {
                    closed();
                }
            } catch (IOException reset) {
                closed();
            }
        }

        void drip(long now) {
            if (now < nextDripNanos) {
                return;
            }
            nextDripNanos += DRIP.toNanos();
            try {
                channel.write(ByteBuffer.wrap(new byte[] {'a'}));
            } catch (IOException reset) {
                closed();
            }
        }

        private void closed() {
            closedNanos = System.nanoTime();
            try {
                channel.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    @Test
    void slowHeadersAndSlowBodiesStarveNoOneAndEndAtTheDeadline() throws Exception {
        try (TestServer server = TestServer.start(
                TestServer.STANDARD_TENANTS, TestDatabases.sqlite().url(), dir)) {
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(PROMPT)
                    .version(HttpClient.Version.HTTP_1_1)
                    .build();
            assertThat(token(server, http).statusCode()).isEqualTo(200);

            List<Drip> drips = new ArrayList<>();
            InetSocketAddress address =
                    new InetSocketAddress(RawHttp.loopback(1), server.server().port());
            String headers = "POST " + TOKEN + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\n";
            for (int i = 0; i < SLOW_HEADERS + SLOW_BODIES; i++) {
                boolean body = i % 2 == 1;
                SocketChannel ch = SocketChannel.open(address);
                ch.configureBlocking(false);
                String start = body ? headers + "Content-Length: 1000\r\n\r\n" + FORM : headers + "X-Slow: a";
                ch.write(ByteBuffer.wrap(start.getBytes(StandardCharsets.ISO_8859_1)));
                drips.add(new Drip(ch, body));
            }
            long opened = System.nanoTime();
            Thread dripper = new Thread(() -> dripUntilClosed(drips, opened), "slow-clients");
            dripper.start();

            // Normal token requests, one after another, for as long as every slow client is still dripping.
            List<Long> millis = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            long probeEnd = opened + HttpApi.REQUEST_DEADLINE.minusSeconds(1).toNanos();
            while (System.nanoTime() < probeEnd) {
                long t0 = System.nanoTime();
                try {
                    HttpResponse<String> r = token(server, http);
                    if (r.statusCode() != 200) {
                        failures.add(r.statusCode() + " " + r.body());
                    }
                } catch (IOException e) {
                    failures.add(e.toString());
                }
                millis.add((System.nanoTime() - t0) / 1_000_000);
                Thread.sleep(100);
            }
            dripper.join(HttpApi.REQUEST_DEADLINE.plusSeconds(10).toMillis());
            assertThat(dripper.isAlive()).as("slow connections still open").isFalse();

            assertThat(failures).isEmpty();
            assertThat(millis)
                    .hasSizeGreaterThan(20)
                    .allSatisfy(ms -> assertThat(ms).isLessThan(PROMPT.toMillis()));

            long deadline = HttpApi.REQUEST_DEADLINE.toNanos();
            long latest = deadline
                    + HttpApi.DEADLINE_SWEEP.toNanos()
                    + Duration.ofSeconds(2).toNanos();
            for (Drip d : drips) {
                assertThat(d.closedNanos).as("closed").isPositive();
                long lived = d.closedNanos - d.firstByteNanos;
                assertThat(lived).as("how long it lived, ns").isBetween(deadline, latest);
                if (d.body) {
                    assertThat(d.received.toString())
                            .startsWith("HTTP/1.1 408 ")
                            .containsIgnoringCase("connection: close")
                            .contains("{\"error\":\"invalid_request\",\"error_description\":"
                                    + "\"the request did not arrive in full within 10 s\"}");
                } else {
                    assertThat(d.received).as("answer to slow headers").isEmpty();
                }
            }
            assertThat(token(server, http).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aBodyInPiecesWithinTheDeadlineIsAnsweredAndAnIdleKeptAliveConnectionOutlivesIt() throws Exception {
        try (TestServer server = TestServer.start(
                        TestServer.STANDARD_TENANTS, TestDatabases.sqlite().url(), dir);
                Socket s = new Socket()) {
            s.connect(new InetSocketAddress(RawHttp.loopback(1), server.server().port()), 5_000);
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            String head = "POST " + TOKEN + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\n"
                    + basic("orders-service", ORDERS_SECRET)[0] + ": " + basic("orders-service", ORDERS_SECRET)[1]
                    + "\r\n";
            // Content-Length, in three pieces half a second apart.
            out.write((head + "Content-Length: " + FORM.length() + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            for (String piece : List.of(FORM.substring(0, 5), FORM.substring(5, 15), FORM.substring(15))) {
                Thread.sleep(500);
                out.write(piece.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
            assertThat(readAnswer(in)).startsWith("HTTP/1.1 200 ").contains("\"access_token\"");

            // Kept alive and idle past the deadline: the deadline runs from a request's first byte.
            Thread.sleep(HttpApi.REQUEST_DEADLINE
                    .plus(HttpApi.DEADLINE_SWEEP.multipliedBy(3))
                    .toMillis());
            // Chunked this time, in two chunks.
            out.write((head + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(10) + "\r\n"
                            + FORM.substring(0, 10) + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(300);
            out.write((Integer.toHexString(FORM.length() - 10) + "\r\n" + FORM.substring(10) + "\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(readAnswer(in)).startsWith("HTTP/1.1 200 ").contains("\"access_token\"");
        }
    }

    @Test
    void aChunkedBodyOverTheLimitIsStill413() throws Exception {
        try (TestServer server = TestServer.start(
                TestServer.STANDARD_TENANTS, TestDatabases.sqlite().url(), dir)) {
            byte[] big = ("grant_type=client_credentials&x=" + "a".repeat(70_000)).getBytes(StandardCharsets.US_ASCII);
            String answer;
            try (Socket s = new Socket()) {
                s.connect(
                        new InetSocketAddress(
                                RawHttp.loopback(1), server.server().port()),
                        5_000);
                s.setSoTimeout(5_000);
                OutputStream out = s.getOutputStream();
                out.write(("POST " + TOKEN + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                                + "Content-Type: application/x-www-form-urlencoded\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(chunked(big));
                out.flush();
                answer = readAnswer(s.getInputStream());
            }
            assertThat(answer).startsWith("HTTP/1.1 413 ");
            assertThat(answer).contains("\"error\":\"invalid_request\"").contains("exceeds 65536 bytes");
        }
    }

    /** One token request from the normal client, bounded by {@link #PROMPT}. */
    private static HttpResponse<String> token(TestServer server, HttpClient http)
            throws IOException, InterruptedException {
        String[] auth = basic("orders-service", ORDERS_SECRET);
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.server().localUrl() + TOKEN))
                .timeout(PROMPT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(auth[0], auth[1])
                .POST(HttpRequest.BodyPublishers.ofString(FORM))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Drips on every connection until the server has closed them all, or long after the deadline. */
    private static void dripUntilClosed(List<Drip> drips, long opened) {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        long giveUp = opened + HttpApi.REQUEST_DEADLINE.plusSeconds(8).toNanos();
        while (System.nanoTime() < giveUp) {
            boolean any = false;
            long now = System.nanoTime();
            for (Drip d : drips) {
                if (d.open()) {
                    d.poll(buf);
                }
                if (d.open()) {
                    d.drip(now);
                    any = true;
                }
            }
            if (!any) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Reads one answer with a Content-Length off a kept-alive connection. */
    private static String readAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head);
            }
            head.append((char) b);
        }
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static byte[] chunked(byte[] body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < body.length; i += 8192) {
            int n = Math.min(8192, body.length - i);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, i, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
