import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The load and the checks of crash-loop.sh, against a server on 127.0.0.1 with tenant `default`, an
 * opaque-token client and a JWT client (secrets in CRASH_OPAQUE_SECRET and CRASH_JWT_SECRET) and
 * the admin credential in DATA_DIR/admin-credential. Runs with the server jar on the class path:
 *
 *   java -cp signet.jar CrashLoop.java load  BASE_URL DATA_DIR LEDGER
 *       Until the server stops answering: 4 threads asking for opaque tokens, one registering new
 *       clients and disabling them, one revoking the active signing key (each time with a JWT it
 *       signed just before). Every write answered 200/201 is appended to LEDGER as one line, after
 *       its answer arrived: `opaque TOKEN`, `client ID`, `disabled ID`, `revoked KID JWT`. Creates
 *       LEDGER.running once the first token is answered, as the load starts.
 *   java -cp signet.jar CrashLoop.java check BASE_URL DATA_DIR LEDGER FROM_LINE LABEL
 *       Checks the ledger's lines from FROM_LINE (1-based) on: every opaque token introspects
 *       active, every client is registered, every disabled client is disabled, every revoked kid is
 *       out of the JWKS, its JWT introspects inactive and a new JWT is signed by another key. Prints
 *       one line `RESULT LABEL answered_opaque=... lost_opaque=... ... check_errors=...`.
 *   java -cp signet.jar CrashLoop.java schema create|drop JDBC_URL SCHEMA
 */
public final class CrashLoop {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String OPAQUE = "crash-opaque";
    private static final String JWT = "crash-jwt";

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .executor(Executors.newFixedThreadPool(4))
            .build();
    private final String base;
    private final Path dataDir;

    private CrashLoop(String base, Path dataDir) {
        this.base = base;
        this.dataDir = dataDir;
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "load" -> new CrashLoop(args[1], Path.of(args[2])).load(Path.of(args[3]));
            case "check" ->
                new CrashLoop(args[1], Path.of(args[2])).check(Path.of(args[3]), Integer.parseInt(args[4]), args[5]);
            case "schema" -> schema(args[1], args[2], args[3]);
            default -> throw new IllegalArgumentException("load, check or schema, not " + args[0]);
        }
        System.exit(0);
    }

    private static void schema(String action, String url, String schema) throws Exception {
        if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain schema name: " + schema);
        }
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute(
                    action.equals("create")
                            ? "CREATE SCHEMA " + schema
                            : "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    // ---- load ----------------------------------------------------------------------------------

    /** Appends whole lines; one write(2) per line, so a killed writer leaves no half line. */
    private static final class Ledger {
        private final OutputStream out;

        Ledger(Path file) throws IOException {
            out = new FileOutputStream(file.toFile(), true);
        }

        synchronized void record(String kind, String... values) {
            try {
                out.write((kind + " " + String.join(" ", values) + "\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** The server went away (connection refused or reset): the load is over. */
    private static final class Gone extends Exception {
        Gone(Throwable cause) {
            super(cause);
        }
    }

    private void load(Path ledgerFile) throws Exception {
        Ledger ledger = new Ledger(ledgerFile);
        String admin = adminCredential();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); // a bound if the kill never comes
        List<Thread> threads = new ArrayList<>();
        AtomicLong refused = new AtomicLong();
        HttpResponse<String> first = token(OPAQUE);
        if (first.statusCode() == 200) {
            ledger.record(
                    "opaque", JSON.readTree(first.body()).get("access_token").asString());
        }
        // The script times the kill from here: the server answers and the load starts now.
        Files.writeString(Path.of(ledgerFile + ".running"), "");
        for (int i = 0; i < 4; i++) {
            threads.add(worker(deadline, () -> {
                HttpResponse<String> r = token(OPAQUE);
                if (r.statusCode() == 200) {
                    ledger.record(
                            "opaque",
                            JSON.readTree(r.body()).get("access_token").asString());
                } else {
                    refused.incrementAndGet();
                }
            }));
        }
        ConcurrentLinkedQueue<String> enabled = new ConcurrentLinkedQueue<>();
        threads.add(worker(deadline, () -> {
            String disable = ThreadLocalRandom.current().nextBoolean() ? enabled.poll() : null;
            if (disable != null) {
                HttpResponse<String> r =
                        admin("POST", "/admin/tenants/default/clients/" + disable + "/disable", admin, null);
                if (r.statusCode() == 200) {
                    ledger.record("disabled", disable);
                } else {
                    refused.incrementAndGet();
                }
                return;
            }
            String id = "crash-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
            HttpResponse<String> r = admin(
                    "POST",
                    "/admin/tenants/default/clients",
                    admin,
                    "{\"id\":\"" + id + "\",\"scopes\":[\"crash.read\"],\"audiences\":[\"crash-api\"]}");
            if (r.statusCode() == 201) {
                ledger.record("client", id);
                enabled.add(id);
            } else {
                refused.incrementAndGet();
            }
        }));
        threads.add(worker(deadline, () -> {
            HttpResponse<String> t = token(JWT);
            if (t.statusCode() != 200) {
                refused.incrementAndGet();
                return;
            }
            String jwt = JSON.readTree(t.body()).get("access_token").asString();
            String kid = kid(jwt);
            HttpResponse<String> r = admin("POST", "/admin/tenants/default/keys/" + kid + "/revoke", admin, "");
            if (r.statusCode() == 200) {
                ledger.record("revoked", kid, jwt);
            } else {
                refused.incrementAndGet();
            }
            Thread.sleep(100);
        }));
        for (Thread t : threads) {
            t.join();
        }
        System.out.println("load: requests not answered 200 while the server ran: " + refused.get());
    }

    private interface Step {
        void run() throws Gone, InterruptedException;
    }

    private static Thread worker(long deadline, Step step) {
        Thread t = new Thread(() -> {
            try {
                while (System.nanoTime() < deadline) {
                    step.run();
                }
            } catch (Gone | InterruptedException e) {
                // the server was killed: this worker is done
            }
        });
        t.start();
        return t;
    }

    // ---- check ---------------------------------------------------------------------------------

    private void check(Path ledgerFile, int fromLine, String label) throws Exception {
        List<String> lines = Files.readAllLines(ledgerFile, StandardCharsets.US_ASCII);
        List<String> opaque = new ArrayList<>();
        List<String> clients = new ArrayList<>();
        List<String> disabled = new ArrayList<>();
        Map<String, String> revoked = new HashMap<>();
        for (String line : lines.subList(Math.min(fromLine - 1, lines.size()), lines.size())) {
            String[] f = line.split(" ", -1);
            switch (f[0]) {
                case "opaque" -> opaque.add(f[1]);
                case "client" -> clients.add(f[1]);
                case "disabled" -> disabled.add(f[1]);
                case "revoked" -> revoked.put(f[1], f[2]);
                default -> throw new IllegalStateException("ledger line not understood: " + line);
            }
        }
        String admin = adminCredential();
        AtomicLong errors = new AtomicLong();

        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Boolean>> introspected = new ArrayList<>();
        for (String token : opaque) {
            introspected.add(pool.submit(() -> active(token, errors)));
        }
        long lostOpaque = 0;
        for (Future<Boolean> f : introspected) {
            lostOpaque += f.get() ? 0 : 1;
        }

        Map<String, Boolean> registered = new HashMap<>();
        JsonNode list = JSON.readTree(
                admin("GET", "/admin/tenants/default/clients", admin, null).body());
        for (JsonNode c : list.get("clients").values()) {
            registered.put(c.get("id").asString(), c.get("enabled").asBoolean());
        }
        long lostClients =
                clients.stream().filter(id -> !registered.containsKey(id)).count();
        long lostDisables = disabled.stream()
                .filter(id -> !Boolean.FALSE.equals(registered.get(id)))
                .count();

        Set<String> published = new HashSet<>();
        JsonNode jwks = JSON.readTree(get("/tenants/default/jwks").body());
        for (JsonNode k : jwks.get("keys").values()) {
            published.add(k.get("kid").asString());
        }
        String signing =
                kid(JSON.readTree(token(JWT).body()).get("access_token").asString());
        long lostRevocations = 0;
        List<Future<Boolean>> revokedTokens = new ArrayList<>();
        for (String jwt : revoked.values()) {
            revokedTokens.add(pool.submit(() -> active(jwt, errors)));
        }
        int i = 0;
        for (Map.Entry<String, String> e : revoked.entrySet()) {
            boolean tokenActive = revokedTokens.get(i++).get();
            if (published.contains(e.getKey()) || signing.equals(e.getKey()) || tokenActive) {
                lostRevocations++;
                System.out.println("lost revocation " + e.getKey() + ": published=" + published.contains(e.getKey())
                        + " signing=" + signing.equals(e.getKey()) + " its token active=" + tokenActive);
            }
        }
        pool.shutdown();
        System.out.printf(
                "RESULT %s answered_opaque=%d lost_opaque=%d answered_clients=%d lost_clients=%d"
                        + " answered_disables=%d lost_disables=%d answered_revocations=%d lost_revocations=%d"
                        + " check_errors=%d%n",
                label,
                opaque.size(),
                lostOpaque,
                clients.size(),
                lostClients,
                disabled.size(),
                lostDisables,
                revoked.size(),
                lostRevocations,
                errors.get());
    }

    /** Whether introspection calls the token active; a non-200 answer counts as a check error (and inactive). */
    private boolean active(String token, AtomicLong errors) throws Gone, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/tenants/default/introspect"))
                .header("Authorization", basic(OPAQUE))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                .build());
        if (r.statusCode() != 200) {
            errors.incrementAndGet();
            return false;
        }
        return JSON.readTree(r.body()).get("active").asBoolean();
    }

    // ---- HTTP ----------------------------------------------------------------------------------

    private HttpResponse<String> token(String client) throws Gone, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + "/tenants/default/token"))
                .header("Authorization", basic(client))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build());
    }

    private HttpResponse<String> admin(String method, String path, String credential, String json)
            throws Gone, InterruptedException {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + credential);
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return send(b.build());
    }

    private HttpResponse<String> get(String path) throws Gone, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Gone, InterruptedException {
        try {
            return http.send(
                    HttpRequest.newBuilder(request, (k, v) -> true)
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Gone(e);
        }
    }

    private static String basic(String client) {
        String secret = System.getenv(client.equals(OPAQUE) ? "CRASH_OPAQUE_SECRET" : "CRASH_JWT_SECRET");
        return "Basic " + Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private String adminCredential() throws IOException {
        return Files.readString(dataDir.resolve("admin-credential")).trim();
    }

    /** The {@code kid} of a compact JWS's header. */
    private static String kid(String jwt) {
        String header =
                new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))), StandardCharsets.UTF_8);
        return JSON.readTree(header).get("kid").asString();
    }
}
