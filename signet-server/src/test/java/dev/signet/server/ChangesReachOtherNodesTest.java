package dev.signet.server;

import static dev.signet.server.TestServer.ORDERS_SECRET;
import static dev.signet.server.TestServer.basic;
import static dev.signet.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.config.Setting;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Two server nodes on one PostgreSQL schema, with the key check at its default (30 s): a change
 * made on one node reaches the other through LISTEN/NOTIFY within a bounded wait far below that,
 * also after the other node's database connection was cut and restored meanwhile.
 */
class ChangesReachOtherNodesTest {

    /** Revocations per run; {@code -Dsignet.test.revocations=20} for the measurement in docs/server.md. */
    private static final int REVOCATIONS = Integer.getInteger("signet.test.revocations", 3);
    /** Far below the default check interval (30 s) and the client cache's 5 s: only a notice explains it. */
    private static final long BOUND_MILLIS = 2_500;

    @TempDir
    Path dir;

    /** A token request answered by node 2: the key it was signed with and when the request was sent. */
    private record Signed(String kid, long sentNanos) {}

    @Test
    void aKeyRevokedOnOneNodeStopsSigningOnTheOtherAtOnce() throws Exception {
        String url = TestDatabases.postgres().url();
        Map<Setting, String> opts = Map.of(Setting.SERVER_BASE_URL, "https://auth.example.test");
        MutableClock clock = MutableClock.startingNow();
        try (TestServer a = TestServer.start(TestServer.STANDARD_TENANTS, url, dir, clock, opts);
                TestServer b = TestServer.start(TestServer.STANDARD_TENANTS, url, dir, clock, opts)) {
            assertThat(b.server().config().keyCheckInterval().toSeconds()).isEqualTo(30);
            String admin = Files.readString(dir.resolve("admin-credential")).strip();
            ConcurrentLinkedQueue<Signed> signed = new ConcurrentLinkedQueue<>();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread load = new Thread(() -> {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(18);
                while (running.get() && System.nanoTime() < until) {
                    long sent = System.nanoTime();
                    HttpResponse<String> r = b.postForm(
                            "/tenants/default/token",
                            List.of("grant_type", "client_credentials"),
                            basic("orders-service", ORDERS_SECRET));
                    if (r.statusCode() == 200) {
                        signed.add(new Signed(kid(json(r).get("access_token").asString()), sent));
                    }
                }
            });
            load.setDaemon(true);
            load.start();
            List<Long> delays = new ArrayList<>(); // ms from sending the revocation to node 2 dropping the key
            List<Long> afterAnswer = new ArrayList<>(); // µs from node 1's answer (0: dropped before it)
            List<Long> seenAt = new ArrayList<>();
            List<String> revoked = new ArrayList<>();
            try {
                for (int i = 0; i < REVOCATIONS; i++) {
                    String kid = a.server().keys().snapshot("default").active().kid();
                    DatabaseOutageTest.waitFor(
                            () -> kid.equals(b.server()
                                    .keys()
                                    .snapshot("default")
                                    .active()
                                    .kid()),
                            BOUND_MILLIS,
                            "node 2 signs with node 1's key");
                    String before = b.ordersToken().get("access_token").asString();
                    assertThat(kid(before)).isEqualTo(kid);
                    assertThat(introspect(b, before)).isTrue();

                    long sent = System.nanoTime();
                    assertThat(a.postForm(
                                            "/admin/tenants/default/keys/" + kid + "/revoke",
                                            List.of(),
                                            "Authorization",
                                            "Bearer " + admin)
                                    .statusCode())
                            .isEqualTo(200);
                    long answered = System.nanoTime();
                    boolean droppedBeforeAnswer = b.server().keys().snapshot("default").published().stream()
                            .noneMatch(k -> kid.equals(k.keyId()));
                    long deadline = sent + TimeUnit.MILLISECONDS.toNanos(BOUND_MILLIS);
                    while (b.server().keys().snapshot("default").published().stream()
                            .anyMatch(k -> kid.equals(k.keyId()))) {
                        assertThat(System.nanoTime()).as("node 2 drops the key").isLessThan(deadline);
                        Thread.sleep(1);
                    }
                    long seen = System.nanoTime();
                    delays.add(TimeUnit.NANOSECONDS.toMillis(seen - sent));
                    afterAnswer.add(droppedBeforeAnswer ? 0L : TimeUnit.NANOSECONDS.toMicros(seen - answered));
                    seenAt.add(seen);
                    revoked.add(kid);

                    // What node 2 answers now: the key is gone from its JWKS, its tokens are
                    // inactive, and new tokens carry another key.
                    assertThat(b.get("/tenants/default/jwks").body()).doesNotContain(kid);
                    assertThat(introspect(b, before)).isFalse();
                    String after = b.ordersToken().get("access_token").asString();
                    assertThat(kid(after)).isNotEqualTo(kid);
                    b.verifierFromServedJwks("orders-api").verify(after);
                }
            } finally {
                running.set(false);
                load.join(10_000);
            }
            // No token requested from node 2 after it had dropped a key was signed with that key.
            for (int i = 0; i < revoked.size(); i++) {
                String kid = revoked.get(i);
                long seen = seenAt.get(i);
                assertThat(signed.stream().filter(s -> s.kid().equals(kid) && s.sentNanos() > seen))
                        .as("tokens signed by revoked " + kid + " after node 2 knew")
                        .isEmpty();
            }
            List<Long> sorted = new ArrayList<>(delays);
            Collections.sort(sorted);
            List<Long> sortedAfter = new ArrayList<>(afterAnswer);
            Collections.sort(sortedAfter);
            System.out.printf(
                    "%d revocations on node 1, until node 2 dropped the key: from the request sent median %d ms,"
                            + " max %d ms; from node 1's answer median %d µs, max %d µs (%d of them before it);"
                            + " all (ms from request) %s; %d tokens from node 2 meanwhile%n",
                    sorted.size(),
                    sorted.get(sorted.size() / 2),
                    sorted.get(sorted.size() - 1),
                    sortedAfter.get(sortedAfter.size() / 2),
                    sortedAfter.get(sortedAfter.size() - 1),
                    afterAnswer.stream().filter(x -> x == 0L).count(),
                    delays,
                    signed.size());
        }
    }

    @Test
    void aClientDisabledOnOneNodeIsRefusedOnTheOtherAtOnce() throws Exception {
        String url = TestDatabases.postgres().url();
        MutableClock clock = MutableClock.startingNow();
        try (TestServer a = TestServer.start(TestServer.STANDARD_TENANTS, url, dir, clock, Map.of());
                TestServer b = TestServer.start(TestServer.STANDARD_TENANTS, url, dir, clock, Map.of())) {
            String admin = Files.readString(dir.resolve("admin-credential")).strip();
            b.ordersToken(); // node 2 now has the client cached (for 5 s)
            long sent = System.nanoTime();
            assertThat(a.postForm(
                                    "/admin/tenants/default/clients/orders-service/disable",
                                    List.of(),
                                    "Authorization",
                                    "Bearer " + admin)
                            .statusCode())
                    .isEqualTo(200);
            DatabaseOutageTest.waitFor(() -> tokenStatus(b) == 401, BOUND_MILLIS, "node 2 refuses the client");
            long disabledMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
            sent = System.nanoTime();
            assertThat(a.postForm(
                                    "/admin/tenants/default/clients/orders-service/enable",
                                    List.of(),
                                    "Authorization",
                                    "Bearer " + admin)
                            .statusCode())
                    .isEqualTo(200);
            DatabaseOutageTest.waitFor(() -> tokenStatus(b) == 200, BOUND_MILLIS, "node 2 accepts the client");
            System.out.printf(
                    "client disabled on node 1 refused on node 2 after %d ms, enabled after %d ms%n",
                    disabledMillis, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent));
        }
    }

    /** Notices sent while a node was not listening are lost; it reloads everything when it listens again. */
    @Test
    void aNodeCutOffWhileAKeyIsRevokedDropsItOnceItIsBack() throws Exception {
        String direct = TestDatabases.postgres().url();
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", 5432)) {
            String viaProxy = direct.replace("127.0.0.1:5432", "127.0.0.1:" + proxy.port());
            MutableClock clock = MutableClock.startingNow();
            try (TestServer a = TestServer.start(TestServer.STANDARD_TENANTS, direct, dir, clock, Map.of());
                    TestServer b = TestServer.start(TestServer.STANDARD_TENANTS, viaProxy, dir, clock, Map.of())) {
                String admin = Files.readString(dir.resolve("admin-credential")).strip();
                String kid = b.server().keys().snapshot("default").active().kid();
                proxy.cut(0);
                assertThat(a.postForm(
                                        "/admin/tenants/default/keys/" + kid + "/revoke",
                                        List.of(),
                                        "Authorization",
                                        "Bearer " + admin)
                                .statusCode())
                        .isEqualTo(200);
                Thread.sleep(300);
                proxy.restore();
                DatabaseOutageTest.waitFor(
                        () -> !b.get("/tenants/default/jwks").body().contains(kid),
                        5_000,
                        "node 2 drops the key revoked while it was cut off");
                assertThat(kid(b.ordersToken().get("access_token").asString())).isNotEqualTo(kid);
            }
        }
    }

    /** NOTIFY channels span the database: each schema has its own, so deployments do not hear each other. */
    @Test
    void twoSchemasInOneDatabaseDoNotHearEachOther() throws Exception {
        String one = TestDatabases.postgres().url();
        String two = TestDatabases.postgres().url();
        try (dev.signet.server.store.Database d1 = dev.signet.server.store.Database.open(one, null, null, 2);
                dev.signet.server.store.Database d2 = dev.signet.server.store.Database.open(two, null, null, 2);
                Connection listener = DriverManager.getConnection(one)) {
            String schema = one.substring(one.indexOf("currentSchema=") + "currentSchema=".length());
            try (Statement st = listener.createStatement()) {
                st.execute("LISTEN \"" + dev.signet.server.store.ChangeListener.channel(schema) + "\"");
            }
            PGConnection pg = listener.unwrap(PGConnection.class);
            insertTenant(d2, "elsewhere");
            PGNotification[] heard = pg.getNotifications(500);
            assertThat(heard == null ? 0 : heard.length)
                    .as("a change in the other schema")
                    .isZero();
            insertTenant(d1, "here");
            heard = pg.getNotifications(2_000);
            assertThat(heard).isNotNull();
            assertThat(heard[0].getParameter()).isEqualTo("tenants here");
        }
    }

    private static void insertTenant(dev.signet.server.store.Database db, String name) {
        db.jdbi()
                .useHandle(h -> h.execute(
                        "INSERT INTO tenants (name, signing_alg, access_token_ttl_seconds, created_at, updated_at)"
                                + " VALUES (?, 'RS256', 600, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                        name));
    }

    private static int tokenStatus(TestServer s) {
        return s.postForm(
                        "/tenants/default/token",
                        List.of("grant_type", "client_credentials"),
                        basic("orders-service", ORDERS_SECRET))
                .statusCode();
    }

    private static boolean introspect(TestServer s, String token) {
        HttpResponse<String> r = s.postForm(
                "/tenants/default/introspect", List.of("token", token), basic("orders-service", ORDERS_SECRET));
        return json(r).get("active").asBoolean();
    }

    /** The kid in a JWT's header. */
    private static String kid(String jwt) {
        String header =
                new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))), StandardCharsets.UTF_8);
        return TestServer.JSON.readTree(header).get("kid").asString();
    }
}
