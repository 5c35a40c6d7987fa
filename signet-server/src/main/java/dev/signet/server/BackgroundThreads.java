package dev.signet.server;

import dev.signet.server.audit.AuditLog;
import dev.signet.server.config.ConfigLoader;
import dev.signet.server.config.ServerConfig;
import dev.signet.server.config.Setting;
import dev.signet.server.keys.SigningKeyRing;
import dev.signet.server.oauth.UnansweredTokens;
import dev.signet.server.store.ChangeListener;
import dev.signet.server.store.ClientStore;
import dev.signet.server.store.Database;
import dev.signet.server.store.DatabaseHealth;
import dev.signet.server.store.TenantStore;
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
 * The server's background work: the database health check ({@code signet-db-health}); on
 * PostgreSQL the listener for other nodes' changes ({@code signet-changes}); key maintenance on a
 * thread of its own; and on another the hourly purges of expired token records and (with
 * {@code audit.retention}) of old audit events, and the deletion of opaque tokens that were
 * stored but never answered.
 */
final class BackgroundThreads implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundThreads.class);

    private final DatabaseHealth health;
    private final ChangeListener changes;
    private final ScheduledExecutorService keyMaintenance;
    private final ScheduledExecutorService purging;

    private BackgroundThreads(
            DatabaseHealth health,
            ChangeListener changes,
            ScheduledExecutorService keyMaintenance,
            ScheduledExecutorService purging) {
        this.health = health;
        this.changes = changes;
        this.keyMaintenance = keyMaintenance;
        this.purging = purging;
    }

    /** What the background work reads and reloads. */
    record Parts(
            Database db,
            SigningKeyRing keys,
            TenantStore tenants,
            ClientStore clients,
            TokenStore tokens,
            UnansweredTokens unanswered,
            AuditLog audit,
            java.util.function.Consumer<java.time.Instant> purgeUserTokens) {}

    /**
     * Starts the threads.
     *
     * @param tokenSkew how long after their expiry token records are kept: the verifiers' clock skew
     */
    static BackgroundThreads start(ServerConfig config, Parts parts, Clock clock, Duration tokenSkew) {
        SigningKeyRing keys = parts.keys();
        TokenStore tokens = parts.tokens();
        AuditLog audit = parts.audit();
        DatabaseHealth health = parts.db().health();
        health.start();
        ChangeListener changes = new ChangeListener(parts.db(), reloads(parts));
        changes.start();
        // Key maintenance has a thread of its own: other nodes' revocations and rotations must be
        // seen within keys.check-interval, which a long purge on a shared thread would delay.
        ScheduledExecutorService keyMaintenance = daemonScheduler("signet-keys");
        long checkEvery = config.keyCheckInterval().toMillis();
        every(keyMaintenance, checkEvery, checkEvery, TimeUnit.MILLISECONDS, "key maintenance", keys::maintain);
        ScheduledExecutorService purging = daemonScheduler("signet-purge");
        UnansweredTokens unanswered = parts.unanswered();
        every(purging, 1, 1, TimeUnit.SECONDS, "deleting unanswered opaque tokens", unanswered::retry);
        every(
                purging,
                1,
                60,
                TimeUnit.MINUTES,
                "purging expired token records",
                () -> tokens.purgeExpired(clock.instant().minus(tokenSkew)));
        every(
                purging,
                3,
                60,
                TimeUnit.MINUTES,
                "purging expired authorization codes and refresh tokens",
                () -> parts.purgeUserTokens().accept(clock.instant().minus(tokenSkew)));
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
        return new BackgroundThreads(health, changes, keyMaintenance, purging);
    }

    /** What another node's change makes this node reload. */
    static ChangeListener.Changes reloads(Parts parts) {
        return new ChangeListener.Changes() {
            @Override
            public void keys(String tenant, String revokedKid) {
                if (revokedKid != null) {
                    parts.keys().markRevoked(tenant, revokedKid);
                }
                parts.keys().refresh(tenant);
            }

            @Override
            public void clients() {
                parts.clients().invalidateAll();
            }

            @Override
            public void tenants() {
                parts.tenants().list(); // remembers them
            }

            @Override
            public void everything() {
                parts.clients().invalidateAll();
                parts.keys().refreshAll();
            }
        };
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
                        if (!Database.connectionLost(e)) { // an outage is logged once, by the health check
                            LOG.warn("{} failed: {}", what, e.toString());
                        }
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

    /** Stops the threads; a purge or a key check under way is interrupted. */
    @Override
    public void close() {
        changes.close();
        keyMaintenance.shutdownNow();
        purging.shutdownNow();
        health.close();
    }
}
