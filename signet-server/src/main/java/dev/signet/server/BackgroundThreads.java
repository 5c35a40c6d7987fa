package dev.signet.server;

import dev.signet.server.audit.AuditLog;
import dev.signet.server.config.ConfigLoader;
import dev.signet.server.config.ServerConfig;
import dev.signet.server.config.Setting;
import dev.signet.server.keys.SigningKeyRing;
import dev.signet.server.store.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's scheduled work: key maintenance on a thread of its own, and on another the hourly
 * purges of expired token records and (with {@code audit.retention}) of old audit events.
 */
final class BackgroundThreads implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundThreads.class);

    private final ScheduledExecutorService keyMaintenance;
    private final ScheduledExecutorService purging;

    private BackgroundThreads(ScheduledExecutorService keyMaintenance, ScheduledExecutorService purging) {
        this.keyMaintenance = keyMaintenance;
        this.purging = purging;
    }

    /**
     * Starts both threads.
     *
     * @param tokenSkew how long after their expiry token records are kept: the verifiers' clock skew
     */
    static BackgroundThreads start(
            ServerConfig config,
            SigningKeyRing keys,
            TokenStore tokens,
            AuditLog audit,
            Clock clock,
            Duration tokenSkew) {
        // Key maintenance has a thread of its own: other nodes' revocations and rotations must be
        // seen within keys.check-interval, which a long purge on a shared thread would delay.
        ScheduledExecutorService keyMaintenance = daemonScheduler("signet-keys");
        long checkEvery = config.keyCheckInterval().toMillis();
        every(keyMaintenance, checkEvery, checkEvery, TimeUnit.MILLISECONDS, "key maintenance", keys::maintain);
        ScheduledExecutorService purging = daemonScheduler("signet-purge");
        every(
                purging,
                1,
                60,
                TimeUnit.MINUTES,
                "purging expired token records",
                () -> tokens.purgeExpired(clock.instant().minus(tokenSkew)));
        if (config.auditRetention().isPresent()) {
            Duration keep = config.auditRetention().get();
            String reason = Setting.AUDIT_RETENTION.key() + "=" + ConfigLoader.formatDuration(keep);
            every(
                    purging,
                    2,
                    60,
                    TimeUnit.MINUTES,
                    "purging audit events older than " + reason,
                    () -> audit.purgeOlderThan(clock.instant().minus(keep), reason));
        }
        return new BackgroundThreads(keyMaintenance, purging);
    }

    /**
     * Runs {@code task} periodically. A periodic task that throws is never run again (the executor
     * cancels it), so each run catches and logs its own failure: a database that is away for one
     * run must not end key maintenance or purging for the life of the process.
     */
    static void every(
            ScheduledExecutorService on, long initialDelay, long delay, TimeUnit unit, String what, Runnable task) {
        ScheduledFuture<?> unused = on.scheduleWithFixedDelay(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.warn("{} failed: {}", what, e.toString());
                    }
                },
                initialDelay,
                delay,
                unit);
    }

    private static ScheduledExecutorService daemonScheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Stops both threads; a purge or a key check under way is interrupted. */
    @Override
    public void close() {
        keyMaintenance.shutdownNow();
        purging.shutdownNow();
    }
}
