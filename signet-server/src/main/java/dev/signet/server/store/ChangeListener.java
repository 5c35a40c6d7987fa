package dev.signet.server.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears the other server nodes' changes at once (PostgreSQL only). Every committed change to
 * tenants, signing keys and clients notifies a channel named after the schema (migration V6 for
 * PostgreSQL); this thread keeps one connection of its own listening to it and hands each change
 * to {@link Changes}. Notifications sent while it is not listening are lost, so after every
 * (re)connection it asks for a full reload; when the connection breaks it connects again with
 * back-off. The periodic key check stays the fallback.
 */
public final class ChangeListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeListener.class);

    /** How long one wait for notifications lasts before the loop looks at its state again. */
    static final int POLL_MILLIS = 500;
    /** After this long without a notification the connection is checked (a silent network drop). */
    static final long IDLE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(5);

    static final long FIRST_BACKOFF_MILLIS = 100;
    static final long MAX_BACKOFF_MILLIS = 5_000;

    /** What to reload when something changed. Called on the listener's thread. */
    public interface Changes {
        /** A key of {@code tenant} changed; {@code revokedKid} is the key revoked, if that was the change. */
        void keys(String tenant, String revokedKid);

        void clients();

        void tenants();

        /** Anything may have changed (after connecting: notifications may have been missed). */
        void everything();
    }

    private final Database db;
    private final Changes changes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private volatile boolean closed;
    private volatile boolean listening;
    /** Set by {@link #wakeUp()}, guarded by {@link #lock}. */
    private boolean woken;

    private Thread thread;

    public ChangeListener(Database db, Changes changes) {
        this.db = db;
        this.changes = changes;
    }

    /** The channel of a schema: {@code signet_} and the MD5 of its name, as the triggers compute it. */
    public static String channel(String schema) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(schema.getBytes(StandardCharsets.UTF_8));
            return "signet_" + HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }

    /** Starts listening on a thread of its own; does nothing on SQLite (one node, nobody to hear). */
    public void start() {
        if (!db.isPostgres()) {
            return;
        }
        thread = new Thread(this::run, "signet-changes");
        thread.setDaemon(true);
        thread.start();
        db.health().onRecovery(this::wakeUp);
    }

    /** Whether the listening connection is up now (tests, and the log). */
    public boolean listening() {
        return listening;
    }

    private void run() {
        long backoff = FIRST_BACKOFF_MILLIS;
        boolean warned = false;
        while (!closed) {
            try (Connection c = db.openDedicated(2)) {
                c.setAutoCommit(true);
                String channel;
                try (Statement st = c.createStatement()) {
                    try (ResultSet rs = st.executeQuery("SELECT current_schema()")) {
                        rs.next();
                        channel = channel(rs.getString(1));
                    }
                    st.execute("LISTEN \"" + channel + "\"");
                }
                listening = true;
                changes.everything(); // what was sent while nobody listened is lost: reload it all
                if (warned) {
                    LOG.info("listening for other nodes' changes again (channel {})", channel);
                    warned = false;
                } else {
                    LOG.debug("listening for other nodes' changes on channel {}", channel);
                }
                backoff = FIRST_BACKOFF_MILLIS;
                listen(c);
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (closed) {
                    return;
                }
                // An outage is logged once, by the health check. A listener that fails while the
                // database answers (LISTEN refused, a pooler that does not keep it) is worth a line.
                if (!warned && db.health().up() && !Database.connectionLost(e)) {
                    LOG.warn(
                            "cannot listen for other nodes' changes ({}); they are seen at the next key check",
                            DatabaseHealth.describe(e));
                    warned = true;
                } else {
                    LOG.debug("change listener: {}", DatabaseHealth.describe(e));
                }
                pause(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }

    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long quietSince = System.nanoTime();
        while (!closed) {
            PGNotification[] batch = pg.getNotifications(POLL_MILLIS);
            if (batch != null && batch.length > 0) {
                dispatch(batch);
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > IDLE_CHECK_NANOS) {
                if (!c.isValid(2)) {
                    throw new SQLException("the listening connection does not answer", "08006");
                }
                quietSince = System.nanoTime();
            }
        }
    }

    /** Reloads what a batch of notifications names, each thing once. */
    void dispatch(PGNotification[] batch) {
        Map<String, String> keyTenants = new LinkedHashMap<>(); // tenant -> a kid revoked (or null)
        boolean clients = false;
        boolean tenants = false;
        for (PGNotification n : batch) {
            String[] p = n.getParameter().split(" ", -1);
            switch (p[0]) {
                case "signing_keys" -> {
                    if (p.length == 4 && p[3].equals("revoked")) {
                        changes.keys(p[1], p[2]); // at once: before any reload, the key must not sign
                        keyTenants.put(p[1], p[2]);
                    } else if (p.length == 4) {
                        keyTenants.putIfAbsent(p[1], null);
                    } else {
                        tenants = true;
                    }
                }
                case "clients" -> clients = true;
                case "tenants" -> tenants = true;
                default -> {
                    changes.everything();
                    return;
                }
            }
        }
        if (tenants) {
            changes.tenants();
        }
        if (clients) {
            changes.clients();
        }
        for (Map.Entry<String, String> e : keyTenants.entrySet()) {
            if (e.getValue() == null) {
                changes.keys(e.getKey(), null);
            }
        }
    }

    private void wakeUp() {
        lock.lock();
        try {
            woken = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits {@code millis}, or until woken (the database is back, or closing). */
    private void pause(long millis) {
        lock.lock();
        try {
            long left = TimeUnit.MILLISECONDS.toNanos(millis);
            while (!closed && !woken && left > 0) {
                left = wake.awaitNanos(left);
            }
            woken = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        wakeUp();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
