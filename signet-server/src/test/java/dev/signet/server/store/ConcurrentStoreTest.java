package dev.signet.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.MutableClock;
import dev.signet.server.TestDatabases;
import dev.signet.server.store.StoredKey.KeyState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Eight threads on one store at once: every write is taken (no SQLITE_BUSY, no deadlock), and the
 * read-then-write transactions (a tenant's keys, clients, tenants) see each other's commits.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrentStoreTest {

    private static final int THREADS = 8;

    private Database db;
    private final MutableClock clock = MutableClock.startingNow();

    static List<String> databases() {
        return TestDatabases.kinds();
    }

    private void open(String kind) {
        db = TestDatabases.openWithTenant(kind, 10, clock.instant());
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    /** Runs {@code work(thread)} on every thread at once; rethrows the first failure. */
    private static <T> List<T> onEveryThread(WorkOf<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit((Callable<T>) () -> {
                    go.await();
                    return work.run(thread);
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(100, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    interface WorkOf<T> {
        T run(int thread) throws Exception;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void opaqueTokensIssuedAndRevokedFromEightThreadsAreAllTaken(String kind) throws Exception {
        open(kind);
        TokenStore tokens = new TokenStore(db);
        Instant now = clock.instant();
        int each = 150;
        List<Integer> revoked = onEveryThread(thread -> {
            int n = 0;
            for (int i = 0; i < each; i++) {
                String hash = "h-" + thread + "-" + i;
                tokens.insertOpaque(new TokenStore.OpaqueToken(
                        hash, "t", "svc", "j" + i, "read", List.of("api"), now, now.plusSeconds(600), null));
                // Every thread revokes the same JWT ids and records the same assertion ids.
                tokens.revokeJwt("t", "jwt-" + i, now.plusSeconds(600), now);
                if (tokens.recordAssertion("t", "svc", "assertion-" + i, now.plusSeconds(60))) {
                    n++;
                }
                if (i % 2 == 0 && tokens.revokeOpaque("t", hash, now)) {
                    assertThat(tokens.findOpaque("t", hash).orElseThrow().revokedAt())
                            .isEqualTo(now.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
                }
            }
            return n;
        });
        assertThat(revoked.stream().mapToInt(Integer::intValue).sum())
                .as("each assertion id accepted exactly once across the threads")
                .isEqualTo(each);
        int rows = db.jdbi()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM opaque_tokens")
                        .mapTo(Integer.class)
                        .one());
        int revokedRows = db.jdbi()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM opaque_tokens WHERE revoked_at IS NOT NULL")
                        .mapTo(Integer.class)
                        .one());
        assertThat(rows).isEqualTo(THREADS * each);
        assertThat(revokedRows).isEqualTo(THREADS * each / 2);
        for (int i = 0; i < each; i++) {
            assertThat(tokens.isJwtRevoked("t", "jwt-" + i)).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void keyChangesUnderTheTenantLockSeeEachOther(String kind) throws Exception {
        open(kind);
        SigningKeyStore keys = new SigningKeyStore(db);
        Instant now = clock.instant();
        int each = 10;
        // Each change reads the keys and names the new one after how many there are: two changes
        // that overlapped would read the same count and collide on the key id.
        onEveryThread(thread -> {
            for (int i = 0; i < each; i++) {
                keys.locked("t", tx -> {
                    int count = tx.keys().size();
                    tx.insert(new StoredKey(
                            "t",
                            "k" + count,
                            "ES256",
                            KeyState.PENDING,
                            now,
                            now,
                            null,
                            null,
                            null,
                            null,
                            "{}",
                            "enc"));
                    return null;
                });
            }
            return null;
        });
        List<String> kids = keys.keys("t").stream().map(StoredKey::kid).collect(Collectors.toList());
        assertThat(kids).hasSize(THREADS * each).doesNotHaveDuplicates();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void revokingOneKeyFromEightThreadsRevokesItOnce(String kind) throws Exception {
        open(kind);
        SigningKeyStore keys = new SigningKeyStore(db);
        Instant now = clock.instant();
        keys.locked("t", tx -> {
            tx.insert(new StoredKey("t", "a", "ES256", KeyState.ACTIVE, now, now, now, null, null, null, "{}", "e"));
            return null;
        });
        AtomicInteger revokedHere = new AtomicInteger();
        onEveryThread(thread -> {
            keys.locked("t", tx -> {
                boolean active = tx.keys().stream().anyMatch(k -> k.state() == KeyState.ACTIVE);
                if (active && tx.revoke("a", now)) {
                    revokedHere.incrementAndGet();
                }
                return null;
            });
            return null;
        });
        assertThat(revokedHere).hasValue(1);
        assertThat(keys.keys("t")).singleElement().satisfies(k -> {
            assertThat(k.state()).isEqualTo(KeyState.REVOKED);
            assertThat(k.privateJwkEncrypted()).isEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void clientAndTenantUpsertsFromEightThreadsAllCommit(String kind) throws Exception {
        open(kind);
        ClientStore clients = new ClientStore(db);
        TenantStore tenants = new TenantStore(db);
        List<Integer> changed = onEveryThread(thread -> {
            int n = 0;
            for (int i = 0; i < 20; i++) {
                ClientRecord c = new ClientRecord(
                        "t",
                        "c" + (i % 4),
                        "hash" + thread,
                        List.of("client_credentials"),
                        List.of("read"),
                        List.of("api"),
                        "jwt",
                        "client_secret_basic",
                        true,
                        null,
                        null);
                if (clients.upsert(c, clock.instant())) {
                    n++;
                }
                tenants.upsert(
                        new TenantStore.Tenant(
                                "t" + (i % 3), thread % 2 == 0 ? "ES256" : "RS256", Duration.ofMinutes(5)),
                        clock.instant());
            }
            return n;
        });
        assertThat(changed.stream().mapToInt(Integer::intValue).sum()).isPositive();
        assertThat(clients.list("t")).hasSize(4);
        assertThat(tenants.list()).hasSize(4);
    }
}
