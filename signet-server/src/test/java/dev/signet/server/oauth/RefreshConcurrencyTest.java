package dev.signet.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.MutableClock;
import dev.signet.server.TestDatabases;
import dev.signet.server.TestServer;
import dev.signet.server.identity.UserAccount;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Refresh tokens under concurrency and restarts, on both stores: many refreshes of one token, two
 * rotations in one second, a refresh racing a revocation of its family, and a restart between
 * rotations (each a way other servers have issued a token twice or let a revoked family live).
 */
class RefreshConcurrencyTest {

    @TempDir
    Path dir;

    PeopleFlows flows;
    PeopleFlows.Users users = new PeopleFlows.Users();
    MutableClock clock = MutableClock.startingNow();
    ExecutorService pool = Executors.newFixedThreadPool(50);

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        if (flows != null) {
            flows.server.close();
        }
    }

    private PeopleFlows start(String url) {
        flows = PeopleFlows.start(url, dir, clock, users);
        return flows;
    }

    /** Runs {@code n} copies of {@code task} released at once; their results. */
    private <T> List<T> atOnce(int n, Callable<T> task) throws Exception {
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fs.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                return task.call();
            }));
        }
        ready.await(30, TimeUnit.SECONDS);
        go.countDown();
        List<T> out = new ArrayList<>();
        for (Future<T> f : fs) {
            out.add(f.get(120, TimeUnit.SECONDS));
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void fiftyConcurrentRefreshesOfOneTokenMakeExactlyOneNewMember(String kind) throws Exception {
        PeopleFlows f = start(TestDatabases.create(kind).url());
        UserAccount alice = users.add("alice");
        String a = f.signIn("web-app", alice, "sid-1").get("refresh_token").asString();
        String family = f.familyOf(a);
        List<HttpResponse<String>> rs = atOnce(50, () -> f.refresh("web-app", a));
        long ok = rs.stream().filter(r -> r.statusCode() == 200).count();
        assertThat(rs).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isIn(200, 400));
        assertThat(ok).isEqualTo(1);
        assertThat(f.members(family)).isEqualTo(2);
        assertThat(f.count("SELECT COUNT(*) FROM refresh_families")).isEqualTo(1);
        // without a grace period the 49 others are reuse: the family is revoked
        assertThat(f.revoked(family)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void withAGracePeriodFiftyConcurrentRefreshesGetTheSameSuccessor(String kind) throws Exception {
        PeopleFlows f = start(TestDatabases.create(kind).url());
        UserAccount alice = users.add("alice");
        String a = f.signIn("web-grace", alice, "sid-1").get("refresh_token").asString();
        String family = f.familyOf(a);
        List<HttpResponse<String>> rs = atOnce(50, () -> f.refresh("web-grace", a));
        assertThat(rs).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(200));
        assertThat(rs.stream()
                        .map(r -> TestServer.json(r).get("refresh_token").asString())
                        .distinct()
                        .count())
                .isEqualTo(1);
        assertThat(f.members(family)).isEqualTo(2);
        assertThat(f.revoked(family)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void twoRotationsInTheSameSecond(String kind) {
        PeopleFlows f = start(TestDatabases.create(kind).url());
        UserAccount alice = users.add("alice");
        String a = f.signIn("web-app", alice, "sid-1").get("refresh_token").asString();
        // the clock does not move: both rotations carry the same timestamps
        HttpResponse<String> r1 = f.refresh("web-app", a);
        assertThat(r1.statusCode()).as(r1.body()).isEqualTo(200);
        String b = TestServer.json(r1).get("refresh_token").asString();
        HttpResponse<String> r2 = f.refresh("web-app", b);
        assertThat(r2.statusCode()).as(r2.body()).isEqualTo(200);
        String c = TestServer.json(r2).get("refresh_token").asString();
        assertThat(List.of(a, b, c)).doesNotHaveDuplicates();
        assertThat(f.members(f.familyOf(a))).isEqualTo(3);
        assertThat(f.introspect(a).get("active").asBoolean()).isFalse();
        assertThat(f.introspect(b).get("active").asBoolean()).isFalse();
        assertThat(f.introspect(c).get("active").asBoolean()).isTrue();
        assertThat(f.query("SELECT generation FROM refresh_tokens ORDER BY generation"))
                .containsExactly("1", "2", "3");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aRefreshRacingARevocationLeavesNoLiveSuccessor(String kind) throws Exception {
        PeopleFlows f = start(TestDatabases.create(kind).url());
        UserAccount alice = users.add("alice");
        for (int round = 0; round < 10; round++) {
            String a = f.signIn("web-app", alice, "sid-" + round)
                    .get("refresh_token")
                    .asString();
            String family = f.familyOf(a);
            List<HttpResponse<String>> rs = atOnce(2, new Callable<>() {
                private final java.util.concurrent.atomic.AtomicInteger which =
                        new java.util.concurrent.atomic.AtomicInteger();

                @Override
                public HttpResponse<String> call() {
                    return which.getAndIncrement() == 0
                            ? f.refresh("web-app", a)
                            : f.server.postForm("/tenants/default/revoke", List.of("token", a, "client_id", "web-app"));
                }
            });
            assertThat(f.revoked(family)).as("round " + round).isTrue();
            for (HttpResponse<String> r : rs) {
                if (r.statusCode() == 200 && r.body().contains("refresh_token")) {
                    String successor = TestServer.json(r).get("refresh_token").asString();
                    assertThat(f.introspect(successor).get("active").asBoolean())
                            .isFalse();
                    assertThat(f.refresh("web-app", successor).statusCode()).isEqualTo(400);
                }
            }
            assertThat(f.members(family)).isBetween(1, 2);
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aRestartBetweenRotationsKeepsTheChainAndItsReuseDetection(String kind) {
        String url = TestDatabases.create(kind).url();
        PeopleFlows f = start(url);
        UserAccount alice = users.add("alice");
        String a = f.signIn("web-app", alice, "sid-1").get("refresh_token").asString();
        String b = TestServer.json(f.refresh("web-app", a)).get("refresh_token").asString();
        String g1 = f.signIn("web-grace", alice, "sid-2").get("refresh_token").asString();
        String g2 =
                TestServer.json(f.refresh("web-grace", g1)).get("refresh_token").asString();
        f.server.close();
        flows = null;

        f = start(url);
        clock.advance(Duration.ofSeconds(2));
        // the grace retry is answered from the sealed successor, which the restarted server can open
        HttpResponse<String> retry = f.refresh("web-grace", g1);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        assertThat(TestServer.json(retry).get("refresh_token").asString()).isEqualTo(g2);
        // the chain goes on
        HttpResponse<String> next = f.refresh("web-app", b);
        assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
        String c = TestServer.json(next).get("refresh_token").asString();
        f.server.close();
        flows = null;

        f = start(url);
        // a token consumed before the restarts is still known as consumed: reuse, the family is revoked
        assertThat(f.refresh("web-app", a).statusCode()).isEqualTo(400);
        assertThat(f.revoked(f.familyOf(c))).isTrue();
        assertThat(f.refresh("web-app", c).statusCode()).isEqualTo(400);
        assertThat(f.members(f.familyOf(a))).isEqualTo(3);
    }
}
