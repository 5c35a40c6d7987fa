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
    static BackgroundThreads start(ServerConfig config, SigningKeyRing keys, TokenStore tokens, AuditLog audit,
            Clock clock, Duration tokenSkew) {
        // Key maintenance has a thread of its own: other nodes' revocations and rotations must be
        // seen within keys.check-interval, which a long purge on a shared thread would delay.
        ScheduledExecutorService keyMaintenance = daemonScheduler("signet-keys");
        long every = config.keyCheckInterval().toMillis();
        keyMaintenance.scheduleWithFixedDelay(keys::maintain, every, every, TimeUnit.MILLISECONDS);
        ScheduledExecutorService purging = daemonScheduler("signet-purge");
        purging.scheduleWithFixedDelay(() -> {
            try {
                tokens.purgeExpired(clock.instant().minus(tokenSkew));
            } catch (RuntimeException e) {
                LOG.warn("purging expired token records failed: {}", e.toString());
            }
        }, 1, 60, TimeUnit.MINUTES);
        if (config.auditRetention().isPresent()) {
            Duration keep = config.auditRetention().get();
            String reason = Setting.AUDIT_RETENTION.key() + "=" + ConfigLoader.formatDuration(keep);
            purging.scheduleWithFixedDelay(() -> {
                try {
                    audit.purgeOlderThan(clock.instant().minus(keep), reason);
                } catch (RuntimeException e) {
                    LOG.warn("purging audit events older than {} failed: {}", reason, e.toString());
                }
            }, 2, 60, TimeUnit.MINUTES);
        }
        return new BackgroundThreads(keyMaintenance, purging);
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
