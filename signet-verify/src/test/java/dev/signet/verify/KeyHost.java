package dev.signet.verify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A key set host on loopback, well-behaved or hostile: {@code /jwks} serves {@link #body} (with
 * {@link #cacheControl} when set), {@code /fail} answers 500, {@code /held} answers only once
 * {@link #release()} is called, {@code /drip} sends its headers and then one byte every 50 ms,
 * {@code /.well-known/openid-configuration} serves {@link #metadata}. Every request to any path is
 * counted, and those for the metadata also apart.
 */
final class KeyHost implements AutoCloseable {

    final AtomicReference<String> body = new AtomicReference<>("{\"keys\":[]}");
    final AtomicReference<String> cacheControl = new AtomicReference<>();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicReference<String> metadata = new AtomicReference<>("{}");
    final AtomicInteger metadataRequests = new AtomicInteger();
    /** Counted down when a dripping answer could not be written on: the client dropped the connection. */
    final CountDownLatch dripCut = new CountDownLatch(1);

    private final CountDownLatch released = new CountDownLatch(1);
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    KeyHost() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks", ex -> {
            requests.incrementAndGet();
            String cc = cacheControl.get();
            if (cc != null) {
                ex.getResponseHeaders().add("Cache-Control", cc);
            }
            answer(ex, 200, body.get().getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/.well-known/openid-configuration", ex -> {
            requests.incrementAndGet();
            metadataRequests.incrementAndGet();
            answer(ex, 200, metadata.get().getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/fail", ex -> {
            requests.incrementAndGet();
            answer(ex, 500, new byte[0]);
        });
        server.createContext("/held", ex -> {
            requests.incrementAndGet();
            try {
                released.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(ex, 200, body.get().getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/drip", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 400; i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(50);
                }
            } catch (IOException e) {
                dripCut.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.setExecutor(pool);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void release() {
        released.countDown();
    }

    static void answer(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        pool.shutdownNow();
    }
}
