package dev.signet.server;

import static dev.signet.server.TestServer.REPORTS_SECRET;
import static dev.signet.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database goes away under a server and comes back (real PostgreSQL behind a loopback proxy
 * the test cuts): requests that need it fail fast with 503 and Retry-After, /readyz says so at
 * once, one log line marks the outage's start and one its end, the server recovers by itself, and
 * the opaque tokens in the table are exactly those that were answered.
 */
class DatabaseOutageTest {

    @TempDir
    Path dir;

    /** One opaque-token request's outcome: the token when answered 200. */
    private record Outcome(int status, String token, long millis) {}

    @Test
    void requestsFailFastWhileTheDatabaseIsAwayAndNothingAnsweredFailedIsStored() throws Exception {
        String direct = TestDatabases.postgres().url();
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", 5432)) {
            String viaProxy = direct.replace("127.0.0.1:5432", "127.0.0.1:" + proxy.port());
            assertThat(viaProxy).isNotEqualTo(direct);
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            PrintStream originalErr = System.err;
            PrintStream tee = new PrintStream(new TeeStream(originalErr, captured), true, StandardCharsets.UTF_8);
            System.setErr(tee);
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
            AtomicBoolean loading = new AtomicBoolean(true);
            ExecutorService load = Executors.newFixedThreadPool(4);
            try (TestServer server = TestServer.start(
                    TestServer.STANDARD_TENANTS, viaProxy, dir, MutableClock.startingNow(), Map.of())) {
                String admin = Files.readString(dir.resolve("admin-credential")).strip();
                Outcome before = opaqueToken(http, server);
                assertThat(before.status()).isEqualTo(200);
                outcomes.add(before);
                List<java.util.concurrent.Future<?>> loaders = new java.util.ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    loaders.add(load.submit(() -> {
                        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                        while (loading.get() && System.nanoTime() < until) {
                            outcomes.add(opaqueToken(http, server));
                            sleep(3);
                        }
                        return null;
                    }));
                }
                waitFor(() -> outcomes.size() >= 20, 5_000, "tokens before the outage");

                // The database's answers are held back for a moment (statements sent are executed,
                // commits included, but never acknowledged), then every connection is cut.
                proxy.cut(300);
                waitFor(() -> server.get("/readyz").statusCode() == 503, 5_000, "/readyz 503 after the cut");
                long t0 = System.nanoTime();
                HttpResponse<String> ready = server.get("/readyz");
                long readyMillis = (System.nanoTime() - t0) / 1_000_000;
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(json(ready).get("database").asString()).startsWith("unreachable");
                assertThat(readyMillis)
                        .as("/readyz answers from the health state")
                        .isLessThan(1_000);

                // Requests that need the database: 503 temporarily_unavailable with Retry-After, at once.
                for (int i = 0; i < 5; i++) {
                    long s = System.nanoTime();
                    HttpResponse<String> r = server.postForm(
                            "/tenants/default/token",
                            List.of(
                                    "grant_type",
                                    "client_credentials",
                                    "client_id",
                                    "reports-service",
                                    "client_secret",
                                    REPORTS_SECRET));
                    long ms = (System.nanoTime() - s) / 1_000_000;
                    assertThat(r.statusCode()).isEqualTo(503);
                    assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
                    assertThat(json(r).get("error").asString()).isEqualTo("temporarily_unavailable");
                    assertThat(ms)
                            .as("a refused request is not held for the pool's time-out")
                            .isLessThan(1_000);
                }
                HttpResponse<String> listing = server.get("/admin/tenants", "Authorization", "Bearer " + admin);
                assertThat(listing.statusCode()).isEqualTo(503);
                // What needs no database goes on: the JWKS is served from memory.
                assertThat(server.get("/tenants/default/jwks").statusCode()).isEqualTo(200);
                assertThat(server.get("/healthz").statusCode()).isEqualTo(200);
                Thread.sleep(1_500); // an outage of some length, with requests arriving throughout
                proxy.restore();
                long restored = System.nanoTime();
                waitFor(() -> server.get("/readyz").statusCode() == 200, 10_000, "/readyz 200 after restore");
                long recoveredMillis = (System.nanoTime() - restored) / 1_000_000;
                waitFor(
                        () -> {
                            Outcome o = opaqueToken(http, server);
                            outcomes.add(o);
                            return o.status() == 200;
                        },
                        5_000,
                        "tokens after restore");
                loading.set(false);
                load.shutdown();
                assertThat(load.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
                for (java.util.concurrent.Future<?> f : loaders) {
                    f.get(); // a load thread that threw fails the test
                }
                // Tokens stored but not answered are deleted once the database is back.
                waitFor(() -> answeredAndStoredAgree(direct, outcomes), 5_000, "table = answered tokens");
                List<String> answered = outcomes.stream()
                        .filter(o -> o.status() == 200)
                        .map(Outcome::token)
                        .toList();
                for (String token : answered) {
                    HttpResponse<String> r = server.postForm(
                            "/tenants/default/introspect",
                            List.of("token", token, "client_id", "reports-service", "client_secret", REPORTS_SECRET));
                    assertThat(json(r).get("active").asBoolean())
                            .as("answered 200, so active")
                            .isTrue();
                }
                long failed = outcomes.stream().filter(o -> o.status() >= 500).count();
                assertThat(outcomes.stream().filter(o -> o.status() != 200 && o.status() != 503))
                        .as("every failure is a 503")
                        .isEmpty();
                assertThat(failed).as("some requests met the outage").isPositive();
                originalErr.printf(
                        "outage test: %d tokens answered, %d refused with 503, recovery seen %d ms after"
                                + " restore, /readyz during the outage in %d ms%n",
                        answered.size(), failed, recoveredMillis, readyMillis);
            } finally {
                loading.set(false);
                load.shutdownNow();
                System.setErr(originalErr);
            }
            String log = captured.toString(StandardCharsets.UTF_8);
            assertThat(count(log, "database unreachable (")).as(log).isEqualTo(1);
            assertThat(count(log, "database reachable again after ")).as(log).isEqualTo(1);
            assertThat(log).as("no stack trace").doesNotContain("\tat ");
            assertThat(log).as("no line per failed request").doesNotContain("dev.signet.server.http.HttpApi");
        }
    }

    /** Whether the opaque tokens in the table are exactly the ones answered 200 (by hash). */
    private static boolean answeredAndStoredAgree(String url, ConcurrentLinkedQueue<Outcome> outcomes) {
        Set<String> answered = new HashSet<>();
        for (Outcome o : outcomes) {
            if (o.status() == 200) {
                answered.add(Secrets.hash(o.token()));
            }
        }
        Set<String> stored = new HashSet<>();
        try (Connection c = DriverManager.getConnection(url);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT token_hash FROM opaque_tokens")) {
            while (rs.next()) {
                stored.add(rs.getString(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return stored.equals(answered);
    }

    private static Outcome opaqueToken(HttpClient http, TestServer server) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(server.server().localUrl() + "/tenants/default/token"))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(TestServer.encode(List.of(
                                    "grant_type",
                                    "client_credentials",
                                    "client_id",
                                    "reports-service",
                                    "client_secret",
                                    REPORTS_SECRET))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            String token = r.statusCode() == 200 ? json(r).get("access_token").asString() : null;
            return new Outcome(r.statusCode(), token, (System.nanoTime() - start) / 1_000_000);
        } catch (java.io.IOException e) {
            return new Outcome(-1, null, (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(-1, null, 0);
        }
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    static void waitFor(BooleanSupplier condition, long millis, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + millis + " ms: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes to two streams. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public synchronized void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
