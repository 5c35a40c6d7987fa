package dev.signet.server.audit;

import dev.signet.server.store.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Writes audit entries into {@code audit_events} on one thread, in batches of one transaction each,
 * from a bounded queue, and once a {@link #SUMMARY_INTERVAL_MS second} the summaries of the
 * {@link IssuedTokenTally} and the {@link AuthenticationFailureTally}.
 *
 * <p>A token request does not wait for its own insert and commit. When the queue is full,
 * {@link #enqueue} waits for room (back-pressure, nothing is dropped), and fails after
 * {@link #ENQUEUE_TIMEOUT_MS} so a request whose event cannot be recorded is refused rather than
 * answered unaudited. {@link #close()} stops accepting entries and writes every queued one. What a
 * crash (kill -9, power loss) can lose is the entries still queued: at most {@link #QUEUE_CAPACITY},
 * in practice the last few milliseconds of events (docs/server.md).
 */
final class AuditWriter implements AutoCloseable {

    /** Entries waiting for the writer; {@link #enqueue} blocks when it is full. */
    static final int QUEUE_CAPACITY = 8192;
    /** Rows per batch insert. */
    static final int BATCH = 512;
    /**
     * How long the writer lets entries gather after the first of a batch, when fewer than
     * {@link #BATCH} are waiting (group commit). Without it a busy server committed a transaction
     * per two or three events, every event woke the writer, and the token endpoint did 18,400
     * tokens/s instead of 25,900 on 2 cores (docs/benchmarks.md). An event reaches the table at
     * most this much later.
     */
    static final long LINGER_MS = 10;
    /** How often counted issued tokens are written as summary rows. */
    static final long SUMMARY_INTERVAL_MS = 1_000;
    /** How long {@link #enqueue} waits for room in a full queue before it fails. */
    static final long ENQUEUE_TIMEOUT_MS = 5_000;
    /** How long {@link #close()} keeps trying to write the queued entries. */
    static final long CLOSE_TIMEOUT_MS = 10_000;

    private static final String INSERT = "INSERT INTO audit_events (at, tenant, type, subject, detail)"
            + " VALUES (:at, :tenant, :type, :subject, :detail)";

    private final Jdbi jdbi;
    private final IssuedTokenTally tally;
    private final List<AuthenticationFailureTally> failures;
    /** When the writer last turned the tallies into rows (System.nanoTime). */
    private long lastSummaryNanos = System.nanoTime();
    /** When the writer's current run of failed writes began (System.nanoTime), or 0 while writes succeed. */
    private volatile long failingSinceNanos;

    private final BlockingQueue<AuditEntry> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread writer;
    private final Object progress = new Object();
    /** Entries handed to the queue, and entries written (or refused), in queue order. */
    private final AtomicLong submitted = new AtomicLong();

    private long written;
    /** Transactions the writer has committed (tests: a burst must be written in few). */
    private long batches;

    private volatile boolean closing;

    AuditWriter(Jdbi jdbi, IssuedTokenTally tally, AuthenticationFailureTally... failures) {
        this.jdbi = jdbi;
        this.tally = tally;
        this.failures = List.of(failures);
        this.writer = new Thread(this::writeLoop, "signet-audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Refuses when entries can no longer be written: the writer is closed, or the database has
     * refused its rows for longer than {@link #ENQUEUE_TIMEOUT_MS} (what {@link #enqueue} would
     * wait for, for what is counted rather than queued).
     *
     * @throws IllegalStateException then
     */
    void requireAccepting() {
        if (closing) {
            throw new IllegalStateException("the audit log is closed");
        }
        long failing = failingSinceNanos;
        if (failing != 0 && System.nanoTime() - failing > TimeUnit.MILLISECONDS.toNanos(ENQUEUE_TIMEOUT_MS)) {
            throw new IllegalStateException("the audit log cannot keep up (the database has refused its rows for over "
                    + ENQUEUE_TIMEOUT_MS + " ms)");
        }
    }

    /**
     * Queues an entry for the writer, waiting for room up to {@link #ENQUEUE_TIMEOUT_MS}.
     *
     * @throws IllegalStateException when the writer is closed or the queue stayed full
     */
    void enqueue(AuditEntry e) {
        if (closing) {
            throw new IllegalStateException("the audit log is closed");
        }
        // Counted before it enters the queue, so a flush waits for every entry already queued.
        submitted.incrementAndGet();
        boolean queued = false;
        try {
            queued = queue.offer(e, ENQUEUE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        } finally {
            if (!queued) {
                synchronized (progress) {
                    written++; // never will be: flushes must not wait for it
                    progress.notifyAll();
                }
            }
        }
        if (!queued) {
            throw new IllegalStateException("the audit log cannot keep up (queue full for " + ENQUEUE_TIMEOUT_MS
                    + " ms; is the database reachable?)");
        }
    }

    /** The tallied issued tokens and repeated failures as summary entries, each also written to the log stream. */
    private List<AuditEntry> summaries() {
        List<AuditEntry> out = tally.takeSummaries();
        for (AuditEntry e : out) {
            AuditLines.write(e.at(), e.tenant(), AuditEvent.TOKEN_ISSUED_SUMMARY, e.subject(), e.detail());
        }
        List<AuditEntry> failed = new ArrayList<>();
        for (AuthenticationFailureTally f : failures) {
            for (AuditEntry e : f.takeSummaries()) {
                AuditLines.write(e.at(), e.tenant(), f.summaryEvent(), e.subject(), e.detail());
                failed.add(e);
            }
        }
        if (out.isEmpty()) {
            return failed;
        }
        out.addAll(failed);
        return out;
    }

    private void writeLoop() {
        List<AuditEntry> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                AuditEntry first = queue.poll(100, TimeUnit.MILLISECONDS);
                boolean interrupted = false;
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                    if (batch.size() < BATCH && !closing) {
                        try {
                            Thread.sleep(LINGER_MS);
                        } catch (InterruptedException e) {
                            interrupted = true; // the entries in hand are written first, then the writer stops
                        }
                        queue.drainTo(batch, BATCH - batch.size());
                    }
                }
                long now = System.nanoTime();
                if (closing
                        || interrupted
                        || now - lastSummaryNanos >= TimeUnit.MILLISECONDS.toNanos(SUMMARY_INTERVAL_MS)) {
                    lastSummaryNanos = now;
                    List<AuditEntry> summaries = summaries();
                    submitted.addAndGet(summaries.size());
                    batch.addAll(summaries);
                }
                if (batch.isEmpty()) {
                    if (closing && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                writeWithRetry(batch);
                synchronized (progress) {
                    written += batch.size();
                    batches++;
                    progress.notifyAll();
                }
                batch.clear();
                if (interrupted) {
                    throw new InterruptedException("interrupted while gathering a batch");
                }
            } catch (InterruptedException e) {
                if (!closing) {
                    AuditLines.LOG.warn("audit writer interrupted; {} events still queued", queue.size());
                }
                return;
            }
        }
    }

    /** Writes one batch, retrying while the database refuses (entries are not dropped) until close gives up. */
    private void writeWithRetry(List<AuditEntry> batch) throws InterruptedException {
        long delay = 50;
        int failures = 0;
        while (true) {
            try {
                insert(batch);
                failingSinceNanos = 0;
                if (failures > 0) {
                    AuditLines.LOG.info("{} audit events written after {} failed attempts", batch.size(), failures);
                }
                return;
            } catch (RuntimeException e) {
                if (failingSinceNanos == 0) {
                    failingSinceNanos = System.nanoTime() | 1; // never 0 while failing
                }
                // One line per run of failures, and none for a lost connection: the database's
                // health check already logs the outage, once when it starts and once when it ends.
                if (failures++ == 0 && !Database.connectionLost(e)) {
                    AuditLines.LOG.warn("writing {} audit events failed, retrying: {}", batch.size(), e.toString());
                }
                Thread.sleep(delay);
                delay = Math.min(delay * 2, 2_000);
            }
        }
    }

    private void insert(List<AuditEntry> batch) {
        jdbi.useTransaction(h -> {
            PreparedBatch b = h.prepareBatch(INSERT);
            for (AuditEntry e : batch) {
                b.bind("at", Database.ts(e.at()))
                        .bind("tenant", e.tenant())
                        .bind("type", e.type())
                        .bind("subject", e.subject())
                        .bind("detail", e.detail())
                        .add();
            }
            b.execute();
        });
    }

    /**
     * Waits until every entry queued before this call is in the database (or the timeout passes);
     * issued tokens counted so far are written as summary rows now rather than at the next interval.
     */
    void flush(long timeoutMillis) {
        if (!closing) {
            for (AuditEntry e : summaries()) {
                enqueue(e);
            }
        }
        long target = submitted.get();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (progress) {
            while (written < target && writer.isAlive()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return;
                }
                try {
                    progress.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** How many batches (transactions) the writer has written so far. */
    long batchesWritten() {
        synchronized (progress) {
            return batches;
        }
    }

    /** Stops accepting entries and writes every queued one (graceful stop: nothing is lost). */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(CLOSE_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            writer.interrupt();
            AuditLines.LOG.error(
                    "audit writer did not finish within {} ms; {} events not written", CLOSE_TIMEOUT_MS, queue.size());
            return;
        }
        // An entry handed over while the writer was finishing (e.g. by a key task being cancelled).
        List<AuditEntry> rest = new ArrayList<>();
        queue.drainTo(rest);
        List<AuditEntry> late = summaries();
        submitted.addAndGet(late.size());
        rest.addAll(late);
        if (!rest.isEmpty()) {
            try {
                insert(rest);
            } catch (RuntimeException e) {
                AuditLines.LOG.error("{} audit events could not be written at close: {}", rest.size(), e.toString());
            }
            synchronized (progress) {
                written += rest.size();
                progress.notifyAll();
            }
        }
    }
}
