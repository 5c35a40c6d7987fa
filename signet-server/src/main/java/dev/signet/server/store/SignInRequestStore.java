package dev.signet.server.store;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Sign-ins and logouts in progress, by the hash of their id; short-lived and bounded in number. */
public final class SignInRequestStore {

    /** A pending request as stored. */
    public record PendingRequest(
            String idHash,
            String tenant,
            String browserHash,
            String csrfHash,
            String stage,
            String request,
            String userId,
            String pendingSecret,
            int failures,
            Instant createdAt,
            Instant expiresAt) {}

    private final Jdbi jdbi;

    public SignInRequestStore(Database db) {
        this.jdbi = db.jdbi();
    }

    /**
     * Stores a new pending request unless the tenant already holds {@code maxPerTenant} live ones;
     * first deletes the expired ones, and the oldest of this browser beyond {@code maxPerBrowser}.
     *
     * @return false when the bound was reached (nothing stored)
     */
    public boolean insert(PendingRequest r, int maxPerBrowser, int maxPerTenant) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("DELETE FROM sign_in_requests WHERE expires_at < :now")
                    .bind("now", Database.ts(r.createdAt()))
                    .execute();
            h.createUpdate("DELETE FROM sign_in_requests WHERE id_hash IN (SELECT id_hash FROM sign_in_requests"
                            + " WHERE browser_hash = :browser ORDER BY created_at DESC LIMIT 1000000 OFFSET :keep)")
                    .bind("browser", r.browserHash())
                    .bind("keep", maxPerBrowser - 1)
                    .execute();
            int live = h.createQuery("SELECT COUNT(*) FROM (SELECT 1 FROM sign_in_requests WHERE tenant = :tenant"
                            + " LIMIT :cap) capped")
                    .bind("tenant", r.tenant())
                    .bind("cap", maxPerTenant)
                    .mapTo(Integer.class)
                    .one();
            if (live >= maxPerTenant) {
                return false;
            }
            h.createUpdate("INSERT INTO sign_in_requests (id_hash, tenant, browser_hash, csrf_hash, stage, request,"
                            + " user_id, pending_secret, failures, created_at, expires_at) VALUES (:id, :tenant,"
                            + " :browser, :csrf, :stage, :request, :user, :secret, :failures, :created, :expires)")
                    .bind("id", r.idHash())
                    .bind("tenant", r.tenant())
                    .bind("browser", r.browserHash())
                    .bind("csrf", r.csrfHash())
                    .bind("stage", r.stage())
                    .bind("request", r.request())
                    .bind("user", r.userId())
                    .bind("secret", r.pendingSecret())
                    .bind("failures", r.failures())
                    .bind("created", Database.ts(r.createdAt()))
                    .bind("expires", Database.ts(r.expiresAt()))
                    .execute();
            return true;
        });
    }

    public Optional<PendingRequest> find(String tenant, String idHash) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id_hash, tenant, browser_hash, csrf_hash, stage, request,"
                        + " user_id, pending_secret, failures, created_at, expires_at FROM sign_in_requests"
                        + " WHERE id_hash = :id AND tenant = :tenant")
                .bind("id", idHash)
                .bind("tenant", tenant)
                .map((rs, ctx) -> new PendingRequest(
                        rs.getString("id_hash"),
                        rs.getString("tenant"),
                        rs.getString("browser_hash"),
                        rs.getString("csrf_hash"),
                        rs.getString("stage"),
                        rs.getString("request"),
                        rs.getString("user_id"),
                        rs.getString("pending_secret"),
                        rs.getInt("failures"),
                        Database.instant(rs, "created_at"),
                        Database.instant(rs, "expires_at")))
                .findOne());
    }

    /**
     * Moves a request from stage {@code from} to its next state; false when it is no longer at
     * {@code from} (a second submission of the same form lost the race).
     */
    public boolean advance(
            String idHash, String from, String stage, String userId, String pendingSecret, int failures) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE sign_in_requests SET stage = :stage, user_id = :user,"
                                + " pending_secret = :secret, failures = :failures WHERE id_hash = :id"
                                + " AND stage = :from")
                        .bind("stage", stage)
                        .bind("user", userId)
                        .bind("secret", pendingSecret)
                        .bind("failures", failures)
                        .bind("id", idHash)
                        .bind("from", from)
                        .execute()
                == 1);
    }

    /** Deletes a request once it is answered; true when this call deleted it (so only one caller goes on). */
    public boolean delete(String idHash) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM sign_in_requests WHERE id_hash = :id")
                        .bind("id", idHash)
                        .execute()
                == 1);
    }
}
