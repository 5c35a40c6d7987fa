package dev.signet.server.store;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Audit events: one row in {@code audit_events} and one JSON line on the {@code signet.audit} logger.
 *
 * <p>Rows are written by one writer thread in batches (one transaction per batch) from a bounded
 * queue: a token request no longer waits for its own insert and commit. When the queue is full,
 * {@link #record} waits for room (back-pressure, nothing is dropped), and fails after
 * {@link #ENQUEUE_TIMEOUT_MS} so a request whose event cannot be recorded is refused rather than
 * answered unaudited. {@link #close()} stops accepting events and writes every queued one;
 * {@link #recent} first waits for the events recorded before it. What a crash (kill -9, power
 * loss) can lose is the events still queued: at most {@link #QUEUE_CAPACITY}, in practice the
 * last few milliseconds of events (docs/server.md).
 *
 * <p>Issued tokens ({@link #tokenIssued}) are by default not a row each but counted in memory and
 * written once a {@link #SUMMARY_INTERVAL_MS second} as one {@code token.issued.summary} row per
 * tenant, client, format, scope and audiences ({@link IssuedTokens#SUMMARY}): a row per token made
 * the table grow by about 350 bytes per token, without limit (30 GB a day at 1,000 tokens/s), and on
 * the embedded database it cost 8-39% of the server's throughput and 31-39 MB of its memory under
 * load (docs/benchmarks.md). {@link IssuedTokens#EACH} keeps a row per token.
 */
public final class AuditLog implements AutoCloseable {

    /** How issued tokens are recorded ({@code audit.issued-tokens}). */
    public enum IssuedTokens {
        /** One {@code token.issued.summary} row per tenant, client, format, scope and audiences each second. */
        SUMMARY,
        /** One {@code token.issued} row per token, with its {@code jti}. */
        EACH
    }

    /** Events waiting for the writer; {@link #record} blocks when it is full. */
    static final int QUEUE_CAPACITY = 8192;
    /** Rows per batch insert. */
    static final int BATCH = 512;
    /**
     * How long the writer lets events gather after the first of a batch, when fewer than
     * {@link #BATCH} are waiting (group commit). Without it a busy server committed a transaction
     * per two or three events, every event woke the writer, and the token endpoint did 18,400
     * tokens/s instead of 25,900 on 2 cores (docs/benchmarks.md). An event reaches the table at
     * most this much later.
     */
    static final long LINGER_MS = 10;
    /** The widths of the {@code detail} and {@code subject} columns (migration V1). */
    private static final int MAX_DETAIL = 4000;
    private static final int MAX_SUBJECT = 256;
    /** How often counted issued tokens are written as summary rows ({@link IssuedTokens#SUMMARY}). */
    static final long SUMMARY_INTERVAL_MS = 1_000;
    /** How long {@link #record} waits for room in a full queue before it fails. */
    static final long ENQUEUE_TIMEOUT_MS = 5_000;
    /** How long {@link #close()} keeps trying to write the queued events. */
    static final long CLOSE_TIMEOUT_MS = 10_000;

    /** A recorded event. */
    public record Event(long id, Instant at, String tenant, String type, String subject, String detail) {}

    private static final Logger LOG = LoggerFactory.getLogger("signet.audit");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> HIGH_VOLUME = Set.of("token.issued");

    /** What issued tokens are counted by in {@link IssuedTokens#SUMMARY} mode. */
    private record SummaryKey(String tenant, String clientId, String format, String scope, String audiences) {}

    /**
     * A summary key in one of {@link #STRIPES} tallies: concurrent requests for one client count in
     * different map entries, so they do not queue for one entry's lock: with a single entry, 7.3% of
     * the server's execution samples under load (JFR, JDK 25, 64 concurrent token requests) were
     * in {@link #tokenIssued}, with 16 stripes 1.5%. A summary row adds up the stripes of its key.
     */
    private record StripedKey(SummaryKey key, int stripe) {}

    /** Tallies per summary key. */
    static final int STRIPES = 16;

    /** Tokens counted under one key since its last summary row; changed only inside the map's compute. */
    private static final class Tally {
        long count;
        final Instant first;
        Instant last;

        Tally(Instant at) {
            this.first = at;
            this.last = at;
        }
    }

    private final Jdbi jdbi;
    private final Clock clock;
    private final IssuedTokens issuedTokens;
    private final ConcurrentHashMap<StripedKey, Tally> tallies = new ConcurrentHashMap<>();
    /** When the writer last turned the tallies into rows (System.nanoTime). */
    private long lastSummaryNanos = System.nanoTime();
    /** When the writer's current run of failed writes began (System.nanoTime), or 0 while writes succeed. */
    private volatile long failingSinceNanos;
    private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread writer;
    private final Object progress = new Object();
    /** Events handed to the queue, and events written (or refused), in queue order. */
    private final AtomicLong submitted = new AtomicLong();
    private long written;
    /** Transactions the writer has committed (tests: a burst must be written in few). */
    private long batches;
    private volatile boolean closing;

    /** An audit log that summarises issued tokens ({@link IssuedTokens#SUMMARY}, the default). */
    public AuditLog(Database db, Clock clock) {
        this(db, clock, IssuedTokens.SUMMARY);
    }

    public AuditLog(Database db, Clock clock, IssuedTokens issuedTokens) {
        this.jdbi = db.jdbi();
        this.clock = clock;
        this.issuedTokens = issuedTokens;
        this.writer = new Thread(this::writeLoop, "signet-audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Records an event as a row of its own; {@code detail} must never hold a secret. */
    public void record(String tenant, String type, String subject, String detail) {
        Instant now = clock.instant();
        String d = clip(detail, MAX_DETAIL);
        String s = clip(subject, MAX_SUBJECT);
        enqueue(new Event(0, now, tenant, type, s, d));
        log(now, tenant, type, s, d);
    }

    /**
     * Records an issued access token: a {@code token.issued} row of its own ({@link IssuedTokens#EACH}),
     * or counted into the next {@code token.issued.summary} row of its tenant, client, format, scope
     * and audiences ({@link IssuedTokens#SUMMARY}). Either way the token is logged at DEBUG.
     *
     * @throws IllegalStateException when the log is closed, or (summary) when the database has refused
     *     the audit rows for longer than {@link #ENQUEUE_TIMEOUT_MS}: a token whose issue cannot be
     *     recorded is refused, as in {@link #record}
     */
    public void tokenIssued(String tenant, String clientId, String jti, String format, String scope,
            List<String> audiences) {
        String aud = String.join(",", audiences);
        if (issuedTokens == IssuedTokens.EACH) {
            record(tenant, "token.issued", clientId, issuedDetail(jti, format, scope, aud));
            return;
        }
        if (closing) {
            throw new IllegalStateException("the audit log is closed");
        }
        long failing = failingSinceNanos;
        if (failing != 0 && System.nanoTime() - failing > TimeUnit.MILLISECONDS.toNanos(ENQUEUE_TIMEOUT_MS)) {
            throw new IllegalStateException("the audit log cannot keep up (the database has refused its rows for over "
                    + ENQUEUE_TIMEOUT_MS + " ms)");
        }
        Instant now = clock.instant();
        int stripe = ThreadLocalRandom.current().nextInt(STRIPES);
        tallies.compute(new StripedKey(new SummaryKey(tenant, clientId, format, scope, aud), stripe), (k, t) -> {
            Tally tally = t == null ? new Tally(now) : t;
            tally.count++;
            if (now.isAfter(tally.last)) {
                tally.last = now;
            }
            return tally;
        });
        if (LOG.isDebugEnabled()) {
            log(now, tenant, "token.issued", clientId, issuedDetail(jti, format, scope, aud));
        }
    }

    /**
     * Takes the counted tokens out of the tallies as summary events. A token counted while this runs
     * is either in a returned event or stays for the next call: an entry is removed atomically, and a
     * tally is changed only inside {@code compute} on its entry.
     */
    private List<Event> takeSummaries() {
        Map<SummaryKey, Tally> merged = new LinkedHashMap<>();
        for (StripedKey k : tallies.keySet()) {
            Tally t = tallies.remove(k);
            if (t == null) {
                continue;
            }
            merged.merge(k.key(), t, (a, b) -> {
                Tally sum = new Tally(a.first.isBefore(b.first) ? a.first : b.first);
                sum.count = a.count + b.count;
                sum.last = a.last.isAfter(b.last) ? a.last : b.last;
                return sum;
            });
        }
        List<Event> out = new ArrayList<>(merged.size());
        for (Map.Entry<SummaryKey, Tally> e : merged.entrySet()) {
            SummaryKey k = e.getKey();
            Tally t = e.getValue();
            String detail = "count=" + t.count + " first=" + t.first + " format=" + k.format() + " scope=" + k.scope()
                    + " aud=" + k.audiences();
            String d = clip(detail, MAX_DETAIL);
            String s = clip(k.clientId(), MAX_SUBJECT);
            out.add(new Event(0, t.last, k.tenant(), "token.issued.summary", s, d));
            log(t.last, k.tenant(), "token.issued.summary", s, d);
        }
        return out;
    }

    /** The detail of one issued token ({@code token.issued}: its row in each mode, its DEBUG line). */
    private static String issuedDetail(String jti, String format, String scope, String audiences) {
        return "jti=" + jti + " format=" + format + " scope=" + scope + " aud=" + audiences;
    }

    /** {@code text} cut to the column's width ({@link #MAX_DETAIL}, {@link #MAX_SUBJECT}); null stays null. */
    private static String clip(String text, int max) {
        return text != null && text.length() > max ? text.substring(0, max) : text;
    }

    private static void log(Instant at, String tenant, String type, String subject, String detail) {
        // One line per token would serialise every token request on the log stream: single issued
        // tokens are logged at DEBUG; everything else, summaries included, at INFO.
        boolean highVolume = HIGH_VOLUME.contains(type);
        if (highVolume ? LOG.isDebugEnabled() : LOG.isInfoEnabled()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("at", at.toString());
            line.put("tenant", tenant);
            line.put("event", type);
            line.put("subject", subject);
            line.put("detail", detail);
            if (highVolume) {
                LOG.debug(JSON.writeValueAsString(line));
            } else {
                LOG.info(JSON.writeValueAsString(line));
            }
        }
    }

    private void enqueue(Event e) {
        if (closing) {
            throw new IllegalStateException("the audit log is closed");
        }
        // Counted before it enters the queue, so a flush waits for every event already queued.
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

    private void writeLoop() {
        List<Event> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                Event first = queue.poll(100, TimeUnit.MILLISECONDS);
                boolean interrupted = false;
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                    if (batch.size() < BATCH && !closing) {
                        try {
                            Thread.sleep(LINGER_MS);
                        } catch (InterruptedException e) {
                            interrupted = true; // the events in hand are written first, then the writer stops
                        }
                        queue.drainTo(batch, BATCH - batch.size());
                    }
                }
                long now = System.nanoTime();
                if (closing || interrupted
                        || now - lastSummaryNanos >= TimeUnit.MILLISECONDS.toNanos(SUMMARY_INTERVAL_MS)) {
                    lastSummaryNanos = now;
                    List<Event> summaries = takeSummaries();
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
                    LOG.warn("audit writer interrupted; {} events still queued", queue.size());
                }
                return;
            }
        }
    }

    /** Writes one batch, retrying while the database refuses (events are not dropped) until close gives up. */
    private void writeWithRetry(List<Event> batch) throws InterruptedException {
        long delay = 50;
        while (true) {
            try {
                insert(batch);
                failingSinceNanos = 0;
                return;
            } catch (RuntimeException e) {
                if (failingSinceNanos == 0) {
                    failingSinceNanos = System.nanoTime() | 1; // never 0 while failing
                }
                LOG.warn("writing {} audit events failed, retrying: {}", batch.size(), e.toString());
                Thread.sleep(delay);
                delay = Math.min(delay * 2, 2_000);
            }
        }
    }

    private void insert(List<Event> batch) {
        jdbi.useTransaction(h -> {
            PreparedBatch b = h.prepareBatch("INSERT INTO audit_events (at, tenant, type, subject, detail)"
                    + " VALUES (:at, :tenant, :type, :subject, :detail)");
            for (Event e : batch) {
                b.bind("at", Database.ts(e.at())).bind("tenant", e.tenant()).bind("type", e.type())
                        .bind("subject", e.subject()).bind("detail", e.detail()).add();
            }
            b.execute();
        });
    }

    /**
     * Waits until every event recorded before this call is in the database (or the timeout passes);
     * issued tokens counted so far are written as summary rows now rather than at the next interval.
     */
    public void flush(long timeoutMillis) {
        if (!closing) {
            for (Event e : takeSummaries()) {
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

    /** Stops accepting events and writes every queued one (graceful stop: nothing is lost). */
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
            LOG.error("audit writer did not finish within {} ms; {} events not written", CLOSE_TIMEOUT_MS,
                    queue.size());
            return;
        }
        // An event handed over while the writer was finishing (e.g. by a key task being cancelled).
        List<Event> rest = new ArrayList<>();
        queue.drainTo(rest);
        List<Event> late = takeSummaries();
        submitted.addAndGet(late.size());
        rest.addAll(late);
        if (!rest.isEmpty()) {
            try {
                insert(rest);
            } catch (RuntimeException e) {
                LOG.error("{} audit events could not be written at close: {}", rest.size(), e.toString());
            }
            synchronized (progress) {
                written += rest.size();
                progress.notifyAll();
            }
        }
    }

    /** About how many rows one {@link #purgeOlderThan} statement deletes: short transactions on a big table. */
    static final int PURGE_BATCH = 10_000;

    /**
     * Deletes the events dated before {@code before}, oldest first, about {@value #PURGE_BATCH} rows
     * per statement (its own transaction) so neither database holds a long one open; every
     * statement is a range scan of the index on {@code at} (migration V5). When it deleted any,
     * records an {@code audit.purged} event saying how many and why. Several nodes may purge at
     * once: each deletes what the others have not.
     *
     * @param reason the setting behind the cutoff, for the {@code audit.purged} event
     * @return how many events were deleted
     */
    public long purgeOlderThan(Instant before, String reason) {
        return purgeOlderThan(before, reason, PURGE_BATCH);
    }

    long purgeOlderThan(Instant before, String reason, int batch) {
        long total = 0;
        while (true) {
            // The time of the batch-th oldest event before the cutoff: deleting up to it deletes
            // about a batch (more only where events share that instant). None: the rest is smaller.
            Optional<OffsetDateTime> edge = jdbi.withHandle(h -> h.createQuery(PURGE_EDGE)
                    .bind("t", Database.ts(before)).bind("skip", batch - 1)
                    .map((rs, ctx) -> rs.getObject("at", OffsetDateTime.class)).findFirst());
            if (edge.isEmpty()) {
                total += jdbi.withHandle(h -> h.createUpdate(PURGE_BEFORE).bind("t", Database.ts(before)).execute());
                break;
            }
            total += jdbi.withHandle(h -> h.createUpdate(PURGE_UP_TO).bind("e", edge.get()).execute());
        }
        if (total > 0) {
            record(null, "audit.purged", null, total + " events dated before " + before + " (" + reason + ")");
        }
        return total;
    }

    /*
     * Plain range conditions on the indexed column, the same SQL on H2 and PostgreSQL. A single
     * DELETE ... WHERE id IN (SELECT ... FETCH FIRST n) was tried first: H2 evaluates such a
     * subquery while scanning the whole table, and took minutes on a million rows.
     */
    static final String PURGE_EDGE = "SELECT at FROM audit_events WHERE at < :t ORDER BY at"
            + " OFFSET :skip ROWS FETCH FIRST 1 ROW ONLY";
    static final String PURGE_UP_TO = "DELETE FROM audit_events WHERE at <= :e";
    static final String PURGE_BEFORE = "DELETE FROM audit_events WHERE at < :t";

    /**
     * A tenant's events, newest first, in the order of the index on (tenant, id DESC) (migration V4),
     * so neither database sorts: {@code tenant} in the ORDER BY is constant, but without it H2 does
     * not see that the index already has the order.
     */
    static final String RECENT = "SELECT id, at, tenant, type, subject, detail FROM audit_events"
            + " WHERE tenant = :tenant ORDER BY tenant, id DESC";

    /** The latest events of a tenant, newest first (after the events recorded so far are written). */
    public List<Event> recent(String tenant, int limit) {
        flush(CLOSE_TIMEOUT_MS);
        return jdbi.withHandle(h -> h.createQuery(RECENT)
                .bind("tenant", tenant)
                .setMaxRows(limit)
                .map((rs, ctx) -> new Event(rs.getLong("id"), Database.instant(rs, "at"), rs.getString("tenant"),
                        rs.getString("type"), rs.getString("subject"), rs.getString("detail")))
                .list());
    }
}
