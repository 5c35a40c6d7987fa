package dev.signet.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key maintenance and the purges run on threads of their own, so an hour's purge of a big table
 * never delays the key checks other nodes' revocations depend on; both stop with the server.
 */
class BackgroundThreadsTest {

    @TempDir
    Path dir;

    /** The live threads of that name, except those that were there before (another test's server). */
    private static List<Thread> named(String name, Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name) && t.isAlive() && !before.contains(t))
                .toList();
    }

    @Test
    void keysAndPurgesHaveTheirOwnThreadsAndStopWithTheServer() throws InterruptedException {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        TestServer server = TestServer.start("", TestDatabases.sqlite().url(), dir);
        List<Thread> keys;
        List<Thread> purge;
        try {
            keys = named("signet-keys", before);
            purge = named("signet-purge", before);
            assertThat(keys).hasSize(1);
            assertThat(purge).hasSize(1);
            assertThat(keys.get(0)).isNotSameAs(purge.get(0));
        } finally {
            server.close();
        }
        for (Thread t : List.of(keys.get(0), purge.get(0))) {
            t.join(5_000);
            assertThat(t.isAlive()).as(t.getName() + " after close").isFalse();
        }
    }

    @Test
    void aRunThatThrowsDoesNotEndThePeriodicTask() throws InterruptedException {
        ScheduledExecutorService on = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch third = new CountDownLatch(3);
        try {
            BackgroundThreads.every(on, 0, 10, TimeUnit.MILLISECONDS, "a flaky task", () -> {
                runs.incrementAndGet();
                third.countDown();
                throw new IllegalStateException("the database is away");
            });
            assertThat(third.await(10, TimeUnit.SECONDS))
                    .as("runs after failing ones")
                    .isTrue();
        } finally {
            on.shutdownNow();
        }
        assertThat(runs.get()).isGreaterThanOrEqualTo(3);
    }
}
