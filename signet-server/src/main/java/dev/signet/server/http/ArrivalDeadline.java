package dev.signet.server.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Bounds the time a request may take to arrive, headers and body together: a connection whose
 * request is still arriving {@code deadline} after its first byte has its body collection expired
 * (a 408, by {@link BodyCollector}) or, while the headers are still arriving, is closed.
 *
 * <p>Design: each connection of the connector has an {@link Arrival}, moved through
 * {@code IDLE → HEADERS → BODY → HANDLING → IDLE} by a sweep (which sees the first byte of a request as
 * the connection's byte count moving past what it was when the last response completed) and by
 * {@link BodyCollector} (which sees the headers complete, the body collected and the response
 * complete). The sweep runs every {@code sweep} on the connector's scheduler, so a deadline is
 * enforced at most one sweep late. The time the application takes is not bounded here.
 */
final class ArrivalDeadline extends AbstractLifeCycle implements Connection.Listener {

    /** Where a connection's current request stands. */
    enum Phase {
        /** No request is arriving: between requests, or before the first. */
        IDLE,
        /** Bytes of a request have arrived, its headers not in full yet. */
        HEADERS,
        /** The headers are in; the body is being collected. */
        BODY,
        /** The request is in full; the application has it. */
        HANDLING,
        /** Closed by the sweep: the headers did not arrive in time. */
        EXPIRED
    }

    /** One connection's request, as far as its arrival goes. */
    static final class Arrival {
        private final Connection connection;
        private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.IDLE);
        private volatile long bytesWhenIdle;
        /** When the sweep first saw bytes of the request (read and written by the sweep only). */
        private long firstSeenNanos;
        /** When the request began arriving, as Jetty's parser saw it. */
        private volatile long beginNanos;

        private volatile Runnable onExpiry;

        Arrival(Connection connection) {
            this.connection = connection;
        }

        /** The headers are in (the request began arriving at {@code beginNanos}); {@code onExpiry} answers 408. */
        void collecting(long begin, Runnable expiry) {
            onExpiry = expiry;
            beginNanos = begin;
            phase.set(Phase.BODY);
        }

        /** The request is in full. */
        void handling() {
            onExpiry = null;
            phase.set(Phase.HANDLING);
        }

        /** The response is complete: the next byte starts the next request's deadline. */
        void idle() {
            onExpiry = null;
            bytesWhenIdle = connection.getBytesIn();
            phase.set(Phase.IDLE);
        }
    }

    private final Scheduler scheduler;
    private final long deadlineNanos;
    private final Duration sweep;
    private final Map<Connection, Arrival> arrivals = new ConcurrentHashMap<>();
    private volatile Scheduler.Task next;

    ArrivalDeadline(Scheduler scheduler, Duration deadline, Duration sweep) {
        this.scheduler = scheduler;
        this.deadlineNanos = deadline.toNanos();
        this.sweep = sweep;
    }

    /** The arrival of this connection's requests, or null for a connection this deadline does not watch. */
    Arrival arrival(Connection connection) {
        return connection == null ? null : arrivals.get(connection);
    }

    @Override
    public void onOpened(Connection connection) {
        arrivals.put(connection, new Arrival(connection));
    }

    @Override
    public void onClosed(Connection connection) {
        arrivals.remove(connection);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        next = scheduler.schedule(this::sweep, sweep);
    }

    @Override
    protected void doStop() throws Exception {
        Scheduler.Task t = next;
        if (t != null) {
            t.cancel();
        }
        super.doStop();
    }

    /** One look at every connection; then the next, while running. */
    void sweep() {
        try {
            long now = System.nanoTime();
            for (Arrival a : arrivals.values()) {
                check(a, now);
            }
        } finally {
            if (isRunning()) {
                next = scheduler.schedule(this::sweep, sweep);
            }
        }
    }

    private void check(Arrival a, long now) {
        switch (a.phase.get()) {
            case IDLE -> {
                if (a.connection.getBytesIn() > a.bytesWhenIdle) {
                    a.firstSeenNanos = now;
                    a.phase.compareAndSet(Phase.IDLE, Phase.HEADERS);
                }
            }
            case HEADERS -> {
                // There is no request to answer yet. Closing the connection itself would have Jetty's
                // parser meet the end of its input and answer that with a 500 page: close the socket.
                if (now - a.firstSeenNanos >= deadlineNanos && a.phase.compareAndSet(Phase.HEADERS, Phase.EXPIRED)) {
                    a.connection.getEndPoint().close();
                }
            }
            case BODY -> {
                Runnable expiry = a.onExpiry;
                if (expiry != null && now - a.beginNanos >= deadlineNanos) {
                    a.onExpiry = null;
                    expiry.run();
                }
            }
            case HANDLING, EXPIRED -> {
                // the application's time is not bounded here; an expired connection is closing
            }
        }
    }
}
