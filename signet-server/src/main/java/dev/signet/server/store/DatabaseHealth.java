package dev.signet.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the database answers, kept fresh in the background so that nothing else has to wait to
 * find out: a thread of its own checks a connection of its own (outside the pool) every second
 * with a one-second time-out, every quarter second while the database is away, and at once when a
 * request saw a connection fail ({@link #suspect()}). Only this check declares an outage and its
 * end, each with one log line; requests read the state ({@link #outage()}) without I/O.
 */
public final class DatabaseHealth implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseHealth.class);

    /** How often the database is checked while it answers. */
    static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    /** How often while it does not: a refused connection costs nothing, and recovery is seen sooner. */
    static final Duration CHECK_EVERY_WHILE_DOWN = Duration.ofMillis(250);
    /** How long one check may take (connecting, or the validation query). */
    static final int CHECK_TIMEOUT_SECONDS = 1;

    /** An outage under way: since when, and what the check last saw. */
    public record Outage(Instant since, long sinceNanos, String reason) {
        /** How long it has lasted, in seconds. */
        public double seconds() {
            return (System.nanoTime() - sinceNanos) / 1e9;
        }
    }

    private final Database db;
    private final List<Runnable> onRecovery = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private volatile Outage outage;
    private boolean suspected;
    private boolean closed;
    private Thread thread;
    private Connection probe;

    DatabaseHealth(Database db) {
        this.db = db;
    }

    /** Starts the background check (until {@link #close()}); without it the database counts as up. */
    public void start() {
        lock.lock();
        try {
            if (thread != null || closed) {
                return;
            }
            thread = new Thread(this::run, "signet-db-health");
            thread.setDaemon(true);
            thread.start();
        } finally {
            lock.unlock();
        }
    }

    /** The outage under way, or null while the database answers. Never waits. */
    public Outage outage() {
        return outage;
    }

    public boolean up() {
        return outage == null;
    }

    /** A connection failed or could not be had: check now rather than at the next tick. */
    public void suspect() {
        lock.lock();
        try {
            suspected = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code r} on the check's thread each time the database answers again after an outage. */
    public void onRecovery(Runnable r) {
        onRecovery.add(r);
    }

    private void run() {
        while (true) {
            String failure = check();
            if (failure == null && outage != null) {
                recovered();
            } else if (failure != null && outage == null) {
                outage = new Outage(Instant.now(), System.nanoTime(), failure);
                db.renewPooledConnections(); // the idle ones are broken too: drop them now, not one by one later
                LOG.warn("database unreachable ({}): requests that need it are answered 503 until it returns", failure);
            }
            lock.lock();
            try {
                long wait = (outage == null ? CHECK_EVERY : CHECK_EVERY_WHILE_DOWN).toNanos();
                while (!suspected && !closed && wait > 0) {
                    wait = wake.awaitNanos(wait);
                }
                suspected = false;
                if (closed) {
                    closeProbe();
                    return;
                }
            } catch (InterruptedException e) {
                closeProbe();
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    private void recovered() {
        Outage o = outage;
        db.renewPooledConnections();
        outage = null;
        LOG.info(
                "database reachable again after {} s (unreachable since {})",
                String.format(Locale.ROOT, "%.1f", o.seconds()),
                o.since());
        for (Runnable r : onRecovery) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("after the database returned: {}", e.toString());
            }
        }
    }

    /** Null when the database answers, else what went wrong; one fresh connection is tried before saying so. */
    private String check() {
        if (probe != null) {
            try {
                if (probe.isValid(CHECK_TIMEOUT_SECONDS)) {
                    return null;
                }
            } catch (SQLException e) {
                // fall through: a new connection decides
            }
            closeProbe();
        }
        try {
            probe = db.openDedicated(CHECK_TIMEOUT_SECONDS);
            try {
                probe.setNetworkTimeout(Runnable::run, (int) TimeUnit.SECONDS.toMillis(CHECK_TIMEOUT_SECONDS));
            } catch (SQLException | UnsupportedOperationException e) {
                // SQLite in-process has no network to time out
            }
            if (probe.isValid(CHECK_TIMEOUT_SECONDS)) {
                return null;
            }
            closeProbe();
            return "the validation query did not answer within " + CHECK_TIMEOUT_SECONDS + " s";
        } catch (SQLException | RuntimeException e) {
            closeProbe();
            return describe(e);
        }
    }

    /** The failure in one line: the innermost message, without a stack trace. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) { // getCause() is null, never the throwable itself, at the end
            root = root.getCause();
        }
        String m = e.getMessage() != null ? e.getMessage() : root.toString();
        return m.replaceAll("[\\r\\n]+", " ");
    }

    private void closeProbe() {
        if (probe != null) {
            try {
                probe.close();
            } catch (SQLException e) {
                // it is being dropped because it failed
            }
            probe = null;
        }
    }

    @Override
    public void close() {
        Thread t;
        lock.lock();
        try {
            closed = true;
            wake.signalAll();
            t = thread;
        } finally {
            lock.unlock();
        }
        if (t != null) {
            try {
                t.join(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
