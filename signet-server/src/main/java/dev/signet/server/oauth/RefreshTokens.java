package dev.signet.server.oauth;

import dev.signet.server.Metrics;
import dev.signet.server.Secrets;
import dev.signet.server.audit.AuditEvent;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.identity.CredentialChangeListener;
import dev.signet.server.identity.UserAccount;
import dev.signet.server.identity.UserDirectory;
import dev.signet.server.keys.KeyEncryption;
import dev.signet.server.store.ClientRecord;
import dev.signet.server.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Refresh tokens, rotated on every use, in families ({@code refresh_families},
 * {@code refresh_tokens}): every token descended from one sign-in of one user to one client.
 *
 * <p>A token is 256 random bits, stored only as its SHA-256. A refresh consumes the presented token
 * in the same transaction that inserts its successor, with the family's row locked (PostgreSQL:
 * {@code SELECT ... FOR UPDATE}; SQLite: the database's write lock, taken at the start), and a
 * unique index on (family, generation) besides: however many requests present one token at once,
 * exactly one successor exists afterwards.
 *
 * <p>Presenting a consumed token again is reuse, a possible theft: the whole family is revoked, the
 * answer is {@code invalid_grant}, and it is audited ({@code refresh_token.reused}) and counted
 * ({@code signet_refresh_tokens_reused_total}). The one exception is the client's reuse grace
 * period (default 0 s, none): a retry of the same token by the same client within it is answered
 * with the same successor, kept encrypted under the key-encryption key for that long only, so a
 * lost response does not sign the user out; it adds no family member.
 *
 * <p>Families end at logout ({@link SessionRevocation}), on a credential change
 * ({@link CredentialChangeListener}), through {@code /revoke}, and when a token is idle or the
 * family older than the client's lifetimes.
 */
public final class RefreshTokens implements SessionRevocation, CredentialChangeListener {

    /** How long a revoked or expired family is kept (to answer and audit late presentations), then deleted. */
    static final Duration KEPT_AFTER_END = Duration.ofDays(1);

    /** A family: who signed in to which client, how, with what scopes, and whether it still lives. */
    public record Family(
            String familyId,
            String tenant,
            String clientId,
            String userId,
            String sid,
            List<String> scopes,
            List<String> audiences,
            Instant authTime,
            String acr,
            List<String> amr,
            Instant createdAt,
            Instant absoluteExpiresAt,
            Instant revokedAt,
            String revokeReason) {}

    /** What a new family is for. */
    public record NewFamily(
            String tenant,
            String clientId,
            String userId,
            String sid,
            List<String> scopes,
            List<String> audiences,
            Instant authTime,
            String acr,
            List<String> amr) {}

    /** A successful refresh: the family, and the token to hand out (new, or the grace retry's same successor). */
    public record Rotated(Family family, String refreshToken, boolean retry) {
        @Override
        public String toString() {
            return "Rotated[" + family.familyId() + (retry ? ", retry" : "") + "]";
        }
    }

    private enum Outcome {
        ROTATED,
        RETRY,
        REUSED,
        REVOKED,
        EXPIRED
    }

    private record Result(Outcome outcome, Family family, String token, int generation) {}

    private final Database db;
    private final Jdbi jdbi;
    private final KeyEncryption kek;
    private final UserDirectory users;
    private final AuditLog audit;
    private final Metrics metrics;
    private final Clock clock;

    public RefreshTokens(
            Database db, KeyEncryption kek, UserDirectory users, AuditLog audit, Metrics metrics, Clock clock) {
        this.db = db;
        this.jdbi = db.jdbi();
        this.kek = kek;
        this.users = users;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** A new family id (128 random bits). */
    public static String newFamilyId() {
        return Secrets.randomId();
    }

    /**
     * Creates family {@code familyId} with its first token, inside the caller's transaction (the one
     * that redeems the authorization code), and returns that token.
     */
    public String start(Handle h, String familyId, NewFamily f, ClientRecord.RefreshLifetimes life) {
        Instant now = clock.instant();
        Instant absolute = now.plus(life.absolute());
        h.createUpdate("INSERT INTO refresh_families (family_id, tenant, client_id, user_id, sid, scopes, audiences,"
                        + " auth_time, acr, amr, created_at, absolute_expires_at) VALUES (:id, :tenant, :client,"
                        + " :user, :sid, :scopes, :aud, :authTime, :acr, :amr, :now, :absolute)")
                .bind("id", familyId)
                .bind("tenant", f.tenant())
                .bind("client", f.clientId())
                .bind("user", f.userId())
                .bind("sid", f.sid())
                .bind("scopes", String.join(" ", f.scopes()))
                .bind("aud", String.join(" ", f.audiences()))
                .bind("authTime", Database.ts(f.authTime()))
                .bind("acr", f.acr())
                .bind("amr", String.join(" ", f.amr()))
                .bind("now", Database.ts(now))
                .bind("absolute", Database.ts(absolute))
                .execute();
        String token = Secrets.generate();
        insertToken(h, familyId, 1, Secrets.hash(token), now, min(now.plus(life.idle()), absolute));
        return token;
    }

    /**
     * Rotates {@code presented}: consumes it and returns its successor, or refuses with
     * {@code invalid_grant} (unknown, expired, revoked, another client's, its user gone or disabled,
     * or reused, which revokes the family).
     */
    public Rotated rotate(String tenant, ClientRecord client, String presented) {
        return rotate(tenant, client, presented, f -> {});
    }

    /**
     * As {@link #rotate(String, ClientRecord, String)}, with {@code check} run on the token's family
     * before anything changes (a refusal it throws leaves the token unused).
     */
    public Rotated rotate(
            String tenant, ClientRecord client, String presented, java.util.function.Consumer<Family> check) {
        String hash = Secrets.hash(presented);
        // Who the token belongs to never changes: read it without a lock, and refuse another client's
        // token, or a gone user's, before any write.
        Optional<Family> owner = findFamilyOf(tenant, hash);
        if (owner.isEmpty()) {
            throw OAuthError.invalidGrant("the refresh token is invalid, expired or revoked");
        }
        if (!owner.get().clientId().equals(client.clientId())) {
            throw OAuthError.invalidGrant("the refresh token was issued to another client");
        }
        Optional<UserAccount> user = users.find(tenant, owner.get().userId());
        if (user.isEmpty() || !user.get().enabled()) {
            throw OAuthError.invalidGrant("the user of this refresh token no longer exists or is disabled");
        }
        check.accept(owner.get());
        ClientRecord.RefreshLifetimes life = client.refresh();
        Instant now = clock.instant();
        Result r = jdbi.inTransaction(h -> rotateLocked(h, owner.get().familyId(), hash, life, now));
        switch (r.outcome()) {
            case ROTATED -> {
                return new Rotated(r.family(), r.token(), false);
            }
            case RETRY -> {
                return new Rotated(r.family(), r.token(), true);
            }
            case REUSED -> {
                metrics.refreshTokenReused(tenant);
                audit.record(
                        tenant,
                        AuditEvent.REFRESH_TOKEN_REUSED,
                        client.clientId(),
                        "possible theft: consumed refresh token presented again (generation " + r.generation()
                                + "); family=" + r.family().familyId() + " user="
                                + r.family().userId() + " sid="
                                + r.family().sid() + " revoked");
                throw OAuthError.invalidGrant("the refresh token was used before; its sign-in has been revoked");
            }
            case REVOKED -> throw OAuthError.invalidGrant("the refresh token has been revoked");
            default -> throw OAuthError.invalidGrant("the refresh token has expired");
        }
    }

    private Result rotateLocked(
            Handle h, String familyId, String hash, ClientRecord.RefreshLifetimes life, Instant now) {
        db.lockForWriting(h);
        Family f = family(h, familyId, true).orElseThrow();
        Map<String, Object> t = h.createQuery("SELECT generation, expires_at, consumed_at, successor_hash,"
                        + " successor_sealed, grace_until FROM refresh_tokens WHERE token_hash = :hash")
                .bind("hash", hash)
                .map((rs, ctx) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("generation", rs.getInt("generation"));
                    m.put("expires_at", Database.instant(rs, "expires_at"));
                    m.put("consumed_at", Database.instant(rs, "consumed_at"));
                    m.put("successor_hash", rs.getString("successor_hash"));
                    m.put("successor_sealed", rs.getString("successor_sealed"));
                    m.put("grace_until", Database.instant(rs, "grace_until"));
                    return m;
                })
                .one();
        int generation = (Integer) t.get("generation");
        if (f.revokedAt() != null) {
            return new Result(Outcome.REVOKED, f, null, generation);
        }
        if (t.get("consumed_at") != null) {
            Instant graceUntil = (Instant) t.get("grace_until");
            String sealed = (String) t.get("successor_sealed");
            String successorHash = (String) t.get("successor_hash");
            if (graceUntil != null && sealed != null && now.isBefore(graceUntil) && unconsumed(h, successorHash)) {
                String successor = kek.decrypt(sealed, sealContext(familyId, successorHash));
                return new Result(Outcome.RETRY, f, successor, generation);
            }
            revoke(h, familyId, "reuse", now);
            return new Result(Outcome.REUSED, f, null, generation);
        }
        if (!now.isBefore(f.absoluteExpiresAt()) || !now.isBefore((Instant) t.get("expires_at"))) {
            return new Result(Outcome.EXPIRED, f, null, generation);
        }
        String successor = Secrets.generate();
        String successorHash = Secrets.hash(successor);
        insertToken(h, familyId, generation + 1, successorHash, now, min(now.plus(life.idle()), f.absoluteExpiresAt()));
        boolean grace = life.reuseGrace().compareTo(Duration.ZERO) > 0;
        int consumed = h.createUpdate("UPDATE refresh_tokens SET consumed_at = :now, successor_hash = :successor,"
                        + " successor_sealed = :sealed, grace_until = :grace WHERE token_hash = :hash AND consumed_at"
                        + " IS NULL")
                .bind("now", Database.ts(now))
                .bind("successor", successorHash)
                .bind("sealed", grace ? kek.encrypt(successor, sealContext(familyId, successorHash)) : null)
                .bind("grace", grace ? Database.ts(now.plus(life.reuseGrace())) : null)
                .bind("hash", hash)
                .execute();
        if (consumed != 1) {
            // Cannot happen while the family is locked; rolling back keeps the one-successor rule regardless.
            throw new IllegalStateException("refresh token of family " + familyId + " changed under its lock");
        }
        return new Result(Outcome.ROTATED, f, successor, generation + 1);
    }

    private static boolean unconsumed(Handle h, String tokenHash) {
        return h.createQuery("SELECT COUNT(*) FROM refresh_tokens WHERE token_hash = :hash AND consumed_at IS NULL")
                        .bind("hash", tokenHash)
                        .mapTo(Integer.class)
                        .one()
                == 1;
    }

    /** What binds a sealed successor to its family and hash: it cannot be moved to another row. */
    private static String sealContext(String familyId, String successorHash) {
        return "refresh/" + familyId + "/" + successorHash;
    }

    private static void insertToken(Handle h, String familyId, int generation, String hash, Instant now, Instant exp) {
        h.createUpdate("INSERT INTO refresh_tokens (token_hash, family_id, generation, issued_at, expires_at) VALUES"
                        + " (:hash, :family, :generation, :now, :exp)")
                .bind("hash", hash)
                .bind("family", familyId)
                .bind("generation", generation)
                .bind("now", Database.ts(now))
                .bind("exp", Database.ts(exp))
                .execute();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** Marks a family revoked and forgets its sealed successors; true when it was live until now. */
    private static boolean revoke(Handle h, String familyId, String reason, Instant now) {
        int n = h.createUpdate("UPDATE refresh_families SET revoked_at = :now, revoke_reason = :reason"
                        + " WHERE family_id = :id AND revoked_at IS NULL")
                .bind("now", Database.ts(now))
                .bind("reason", reason)
                .bind("id", familyId)
                .execute();
        h.createUpdate("UPDATE refresh_tokens SET successor_sealed = NULL WHERE family_id = :id"
                        + " AND successor_sealed IS NOT NULL")
                .bind("id", familyId)
                .execute();
        return n == 1;
    }

    /** Revokes family {@code familyId} of {@code tenant} (after a replayed code, say); true when it was live. */
    public boolean revokeFamily(String tenant, String familyId, String reason) {
        boolean revoked = jdbi.inTransaction(h -> {
            db.lockForWriting(h);
            Optional<Family> f = family(h, familyId, true);
            return f.isPresent() && f.get().tenant().equals(tenant) && revoke(h, familyId, reason, clock.instant());
        });
        if (revoked) {
            audit.record(tenant, AuditEvent.REFRESH_TOKENS_REVOKED, familyId, "1 family: " + reason);
        }
        return revoked;
    }

    /**
     * RFC 7009: revokes the family of refresh token {@code token} when it was issued to
     * {@code clientId}; false when it is no refresh token of this tenant and client.
     */
    public boolean revokeByToken(String tenant, String clientId, String token) {
        Optional<Family> f = findFamilyOf(tenant, Secrets.hash(token));
        if (f.isEmpty() || !f.get().clientId().equals(clientId)) {
            return false;
        }
        revokeFamily(tenant, f.get().familyId(), "revoked by the client");
        return true;
    }

    @Override
    public int revokeSession(String tenant, String sid, String reason) {
        return revokeWhere(tenant, "sid", sid, reason);
    }

    @Override
    public void credentialsChanged(String tenant, String userId, String reason) {
        revokeWhere(tenant, "user_id", userId, reason);
    }

    private int revokeWhere(String tenant, String column, String value, String reason) {
        Instant now = clock.instant();
        List<String> ids = jdbi.inTransaction(h -> {
            db.lockForWriting(h);
            List<String> live = h.createQuery("SELECT family_id FROM refresh_families WHERE tenant = :tenant AND "
                            + column + " = :value AND revoked_at IS NULL" + db.forUpdate())
                    .bind("tenant", tenant)
                    .bind("value", value)
                    .mapTo(String.class)
                    .list();
            live.forEach(id -> revoke(h, id, reason, now));
            return live;
        });
        if (!ids.isEmpty()) {
            audit.record(
                    tenant,
                    AuditEvent.REFRESH_TOKENS_REVOKED,
                    column.equals("sid") ? "sid=" + value : "user=" + value,
                    ids.size() + " famil" + (ids.size() == 1 ? "y" : "ies") + ": " + reason);
        }
        return ids.size();
    }

    /**
     * The RFC 7662 answer for refresh token {@code token} of {@code tenant}, or empty when it is none:
     * active only while it is the family's unconsumed, unexpired token, the family live and its user enabled.
     */
    public Optional<Map<String, Object>> introspect(String tenant, String token, String issuer) {
        String hash = Secrets.hash(token);
        return jdbi.withHandle(h -> {
                    Optional<String> familyId = h.createQuery(
                                    "SELECT family_id FROM refresh_tokens WHERE token_hash = :hash")
                            .bind("hash", hash)
                            .mapTo(String.class)
                            .findOne();
                    if (familyId.isEmpty()) {
                        return Optional.<Map<String, Object>>empty();
                    }
                    Optional<Family> f = family(h, familyId.get(), false);
                    if (f.isEmpty() || !f.get().tenant().equals(tenant)) {
                        return Optional.<Map<String, Object>>empty();
                    }
                    Map<String, Object> t = h.createQuery(
                                    "SELECT issued_at, expires_at, consumed_at FROM refresh_tokens"
                                            + " WHERE token_hash = :hash")
                            .bind("hash", hash)
                            .map((rs, ctx) -> {
                                Map<String, Object> m = new LinkedHashMap<>();
                                m.put("issued_at", Database.instant(rs, "issued_at"));
                                m.put("expires_at", Database.instant(rs, "expires_at"));
                                m.put("consumed_at", Database.instant(rs, "consumed_at"));
                                return m;
                            })
                            .one();
                    Instant now = clock.instant();
                    Instant exp = min((Instant) t.get("expires_at"), f.get().absoluteExpiresAt());
                    boolean active = f.get().revokedAt() == null && t.get("consumed_at") == null && now.isBefore(exp);
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("active", active);
                    if (active) {
                        m.put("scope", String.join(" ", f.get().scopes()));
                        m.put("client_id", f.get().clientId());
                        m.put("token_type", "refresh_token");
                        m.put("exp", exp.getEpochSecond());
                        m.put("iat", ((Instant) t.get("issued_at")).getEpochSecond());
                        m.put("sub", f.get().userId());
                        m.put("iss", issuer);
                        m.put("sid", f.get().sid());
                    }
                    return Optional.of(m);
                })
                .map(m -> Boolean.TRUE.equals(m.get("active")) && !userActive(tenant, (String) m.get("sub"))
                        ? INACTIVE
                        : m);
    }

    private static final Map<String, Object> INACTIVE = Map.of("active", false);

    private boolean userActive(String tenant, String userId) {
        return users.find(tenant, userId).map(UserAccount::enabled).orElse(false);
    }

    /** The family of the token whose hash is {@code tokenHash}, if it is a refresh token of {@code tenant}. */
    private Optional<Family> findFamilyOf(String tenant, String tokenHash) {
        return jdbi.withHandle(h -> h.createQuery("SELECT f.* FROM refresh_families f JOIN refresh_tokens t"
                        + " ON t.family_id = f.family_id WHERE t.token_hash = :hash AND f.tenant = :tenant")
                .bind("hash", tokenHash)
                .bind("tenant", tenant)
                .map((rs, ctx) -> family(rs))
                .findOne());
    }

    /** A family by id (for tests and tools). */
    public Optional<Family> family(String familyId) {
        return jdbi.withHandle(h -> family(h, familyId, false));
    }

    private Optional<Family> family(Handle h, String familyId, boolean lock) {
        return h.createQuery("SELECT * FROM refresh_families WHERE family_id = :id" + (lock ? db.forUpdate() : ""))
                .bind("id", familyId)
                .map((rs, ctx) -> family(rs))
                .findOne();
    }

    private static Family family(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Family(
                rs.getString("family_id"),
                rs.getString("tenant"),
                rs.getString("client_id"),
                rs.getString("user_id"),
                rs.getString("sid"),
                split(rs.getString("scopes")),
                split(rs.getString("audiences")),
                Database.instant(rs, "auth_time"),
                rs.getString("acr"),
                split(rs.getString("amr")),
                Database.instant(rs, "created_at"),
                Database.instant(rs, "absolute_expires_at"),
                Database.instant(rs, "revoked_at"),
                rs.getString("revoke_reason"));
    }

    /**
     * Keeps the tables bounded: deletes families (with their tokens) that expired or were revoked
     * more than a day before {@code before}, and forgets sealed successors whose grace has passed.
     * Returns how many rows went.
     */
    public int purgeExpired(Instant before) {
        Instant cutoff = before.minus(KEPT_AFTER_END);
        return jdbi.inTransaction(h -> {
            int sealed = h.createUpdate("UPDATE refresh_tokens SET successor_sealed = NULL WHERE grace_until < :now"
                            + " AND successor_sealed IS NOT NULL")
                    .bind("now", Database.ts(clock.instant()))
                    .execute();
            // The tokens first: a database without cascading deletes would refuse the families.
            int tokens = h.createUpdate("DELETE FROM refresh_tokens WHERE family_id IN (SELECT family_id FROM"
                            + " refresh_families WHERE absolute_expires_at < :t OR revoked_at < :t)")
                    .bind("t", Database.ts(cutoff))
                    .execute();
            int families = h.createUpdate(
                            "DELETE FROM refresh_families WHERE absolute_expires_at < :t OR revoked_at < :t")
                    .bind("t", Database.ts(cutoff))
                    .execute();
            return sealed + tokens + families;
        });
    }

    private static List<String> split(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(" "));
    }
}
