import dev.signet.server.audit.AuditLog;
import dev.signet.server.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * How long the hourly {@code audit.retention} purge takes on a big table: fills {@code audit_events}
 * of an empty (or Signet-only) database with ROWS events one second apart, then times
 * {@link AuditLog#purgeOlderThan} deleting the oldest 90% of them, and a second run with nothing to do.
 * Run as a single-file program with the signet jar on the class path:
 *   java -Xmx128m -cp signet-cli/target/signet.jar signet-server/bench/AuditPurge.java \
 *       jdbc:h2:file:/tmp/purge/signet 1100000
 *   java -Xmx128m -cp signet-cli/target/signet.jar signet-server/bench/AuditPurge.java \
 *       "jdbc:postgresql://127.0.0.1:5432/purgebench?user=postgres" 1100000
 * It deletes every audit event already in that database. Prints lines starting with RESULT.
 */
public final class AuditPurge {

    public static void main(String[] args) {
        String url = args[0];
        int rows = Integer.parseInt(args[1]);
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        try (Database db = Database.open(url, url.startsWith("jdbc:h2:") ? "sa" : null, null, 2)) {
            long t0 = System.nanoTime();
            db.jdbi().useHandle(h -> {
                h.execute("DELETE FROM audit_events");
                PreparedBatch b = h.prepareBatch("INSERT INTO audit_events (at, tenant, type, subject, detail)"
                        + " VALUES (:at, 't', 'client.auth.failed', 'orders', 'invalid_client: wrong secret')");
                for (int i = 0; i < rows; i++) {
                    b.bind("at", OffsetDateTime.ofInstant(base.plusSeconds(i), ZoneOffset.UTC))
                            .add();
                    if (b.size() == 10_000) {
                        b.execute();
                    }
                }
                if (b.size() > 0) {
                    b.execute();
                }
            });
            System.out.printf("RESULT inserted=%d ms=%d%n", rows, (System.nanoTime() - t0) / 1_000_000);
            try (AuditLog audit = new AuditLog(db, Clock.fixed(base.plusSeconds(rows), ZoneOffset.UTC))) {
                Instant cutoff = base.plusSeconds(rows * 9L / 10);
                long t1 = System.nanoTime();
                long n = audit.purgeOlderThan(cutoff, "bench");
                long ms = (System.nanoTime() - t1) / 1_000_000;
                System.out.printf("RESULT purged=%d ms=%d rows_per_s=%.0f%n", n, ms, n * 1000.0 / Math.max(ms, 1));
                long t2 = System.nanoTime();
                long m = audit.purgeOlderThan(cutoff, "bench");
                System.out.printf("RESULT second_run_purged=%d ms=%d%n", m, (System.nanoTime() - t2) / 1_000_000);
            }
        }
    }
}
