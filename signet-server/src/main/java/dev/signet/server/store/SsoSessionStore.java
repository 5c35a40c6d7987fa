package dev.signet.server.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Single sign-on sessions, found by the hash of their cookie or by their public id. */
public final class SsoSessionStore {

    /** A session as stored; {@code endedAt} is null while it has not been ended. */
    public record StoredSession(
            String idHash,
            String sid,
            String tenant,
            String userId,
            Instant authTime,
            String acr,
            List<String> amr,
            Instant createdAt,
            Instant lastSeenAt,
            Instant expiresAt,
            Instant endedAt) {

        public StoredSession {
            amr = List.copyOf(amr);
        }
    }

    private static final String COLUMNS =
            "id_hash, sid, tenant, user_id, auth_time, acr, amr, created_at, last_seen_at, expires_at, ended_at";

    private final Jdbi jdbi;

    public SsoSessionStore(Database db) {
        this.jdbi = db.jdbi();
    }

    public void insert(StoredSession s) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO sso_sessions (" + COLUMNS + ") VALUES (:id, :sid, :tenant,"
                        + " :user, :authTime, :acr, :amr, :created, :seen, :expires, NULL)")
                .bind("id", s.idHash())
                .bind("sid", s.sid())
                .bind("tenant", s.tenant())
                .bind("user", s.userId())
                .bind("authTime", Database.ts(s.authTime()))
                .bind("acr", s.acr())
                .bind("amr", String.join(" ", s.amr()))
                .bind("created", Database.ts(s.createdAt()))
                .bind("seen", Database.ts(s.lastSeenAt()))
                .bind("expires", Database.ts(s.expiresAt()))
                .execute());
    }

    /** The session whose cookie hashes to {@code idHash}, ended or not. */
    public Optional<StoredSession> find(String tenant, String idHash) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT " + COLUMNS + " FROM sso_sessions WHERE id_hash = :id AND tenant = :tenant")
                .bind("id", idHash)
                .bind("tenant", tenant)
                .map((rs, ctx) -> new StoredSession(
                        rs.getString("id_hash"),
                        rs.getString("sid"),
                        rs.getString("tenant"),
                        rs.getString("user_id"),
                        Database.instant(rs, "auth_time"),
                        rs.getString("acr"),
                        Arrays.asList(rs.getString("amr").split(" ")),
                        Database.instant(rs, "created_at"),
                        Database.instant(rs, "last_seen_at"),
                        Database.instant(rs, "expires_at"),
                        Database.instant(rs, "ended_at")))
                .findOne());
    }

    /** Records a use: the last-seen time and the new expiry (the idle lifetime counted from now). */
    public void touch(String idHash, Instant seen, Instant expiresAt) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE sso_sessions SET last_seen_at = :seen, expires_at = :expires"
                        + " WHERE id_hash = :id AND ended_at IS NULL")
                .bind("seen", Database.ts(seen))
                .bind("expires", Database.ts(expiresAt))
                .bind("id", idHash)
                .execute());
    }

    /** Ends session {@code sid}; true when it was live until now. */
    public boolean end(String tenant, String sid, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE sso_sessions SET ended_at = :at"
                                + " WHERE tenant = :tenant AND sid = :sid AND ended_at IS NULL")
                        .bind("at", Database.ts(at))
                        .bind("tenant", tenant)
                        .bind("sid", sid)
                        .execute()
                == 1);
    }

    /** Ends every session of a user that has not ended; returns their public ids. */
    public List<String> endAllOf(String tenant, String userId, Instant at) {
        return jdbi.inTransaction(h -> {
            List<String> sids = h.createQuery("SELECT sid FROM sso_sessions WHERE tenant = :tenant AND user_id = :user"
                            + " AND ended_at IS NULL")
                    .bind("tenant", tenant)
                    .bind("user", userId)
                    .mapTo(String.class)
                    .list();
            h.createUpdate("UPDATE sso_sessions SET ended_at = :at WHERE tenant = :tenant AND user_id = :user"
                            + " AND ended_at IS NULL")
                    .bind("at", Database.ts(at))
                    .bind("tenant", tenant)
                    .bind("user", userId)
                    .execute();
            return sids;
        });
    }

    /** Deletes the sessions that expired or ended before {@code cutoff}; returns how many. */
    public int purge(Instant cutoff) {
        return jdbi.withHandle(
                h -> h.createUpdate("DELETE FROM sso_sessions WHERE expires_at < :cutoff OR ended_at < :cutoff")
                        .bind("cutoff", Database.ts(cutoff))
                        .execute());
    }
}
