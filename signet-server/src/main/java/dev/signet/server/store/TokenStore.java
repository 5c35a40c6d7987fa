package dev.signet.server.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Opaque access tokens (by the SHA-256 of their reference) and revoked JWT ids. */
public final class TokenStore {

    /** An opaque access token as stored; {@code subject} is the user it was issued for, or null for the client. */
    public record OpaqueToken(
            String tokenHash,
            String tenant,
            String clientId,
            String jti,
            String scope,
            List<String> audiences,
            Instant issuedAt,
            Instant expiresAt,
            Instant revokedAt,
            String subject) {

        /** A client's own token (client credentials). */
        public OpaqueToken(
                String tokenHash,
                String tenant,
                String clientId,
                String jti,
                String scope,
                List<String> audiences,
                Instant issuedAt,
                Instant expiresAt,
                Instant revokedAt) {
            this(tokenHash, tenant, clientId, jti, scope, audiences, issuedAt, expiresAt, revokedAt, null);
        }
    }

    private final Jdbi jdbi;

    public TokenStore(Database db) {
        this.jdbi = db.jdbi();
    }

    public void insertOpaque(OpaqueToken t) {
        jdbi.useHandle(
                h -> h.createUpdate("INSERT INTO opaque_tokens (token_hash, tenant, client_id, jti, scope, audiences,"
                                + " issued_at, expires_at, subject) VALUES (:hash, :tenant, :client, :jti, :scope,"
                                + " :aud, :iat, :exp, :subject)")
                        .bind("hash", t.tokenHash())
                        .bind("tenant", t.tenant())
                        .bind("client", t.clientId())
                        .bind("jti", t.jti())
                        .bind("scope", t.scope())
                        .bind("aud", String.join(" ", t.audiences()))
                        .bind("iat", Database.ts(t.issuedAt()))
                        .bind("exp", Database.ts(t.expiresAt()))
                        .bind("subject", t.subject())
                        .execute());
    }

    /** Deletes opaque tokens by the hash of their reference (ones never handed out); returns how many. */
    public int deleteOpaque(java.util.Collection<String> tokenHashes) {
        if (tokenHashes.isEmpty()) {
            return 0;
        }
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM opaque_tokens WHERE token_hash IN (<hashes>)")
                .bindList("hashes", List.copyOf(tokenHashes))
                .execute());
    }

    public Optional<OpaqueToken> findOpaque(String tenant, String tokenHash) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT token_hash, tenant, client_id, jti, scope, audiences, issued_at,"
                                + " expires_at, revoked_at, subject FROM opaque_tokens WHERE token_hash = :hash AND"
                                + " tenant"
                                + " = :tenant")
                .bind("hash", tokenHash)
                .bind("tenant", tenant)
                .map((rs, ctx) -> new OpaqueToken(
                        rs.getString("token_hash"),
                        rs.getString("tenant"),
                        rs.getString("client_id"),
                        rs.getString("jti"),
                        rs.getString("scope"),
                        Arrays.asList(rs.getString("audiences").split(" ")),
                        Database.instant(rs, "issued_at"),
                        Database.instant(rs, "expires_at"),
                        Database.instant(rs, "revoked_at"),
                        rs.getString("subject")))
                .findOne());
    }

    /** Marks the opaque tokens of one {@code jti} revoked (what was issued with a replayed code); returns how many. */
    public int revokeOpaqueByJti(String tenant, String jti, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE opaque_tokens SET revoked_at = :at"
                        + " WHERE tenant = :tenant AND jti = :jti AND revoked_at IS NULL")
                .bind("at", Database.ts(at))
                .bind("jti", jti)
                .bind("tenant", tenant)
                .execute());
    }

    /** Marks an opaque token revoked; true when it was active until now. */
    public boolean revokeOpaque(String tenant, String tokenHash, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE opaque_tokens SET revoked_at = :at"
                                + " WHERE token_hash = :hash AND tenant = :tenant AND revoked_at IS NULL")
                        .bind("at", Database.ts(at))
                        .bind("hash", tokenHash)
                        .bind("tenant", tenant)
                        .execute()
                == 1);
    }

    /** Records a JWT id as revoked until {@code expiresAt}; idempotent. */
    public void revokeJwt(String tenant, String jti, Instant expiresAt, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO revocations (tenant, jti, expires_at, revoked_at) VALUES"
                        + " (:tenant, :jti, :exp, :at) ON CONFLICT (tenant, jti) DO NOTHING")
                .bind("tenant", tenant)
                .bind("jti", jti)
                .bind("exp", Database.ts(expiresAt))
                .bind("at", Database.ts(at))
                .execute());
    }

    public boolean isJwtRevoked(String tenant, String jti) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT COUNT(*) FROM revocations WHERE tenant = :tenant AND jti = :jti")
                                .bind("tenant", tenant)
                                .bind("jti", jti)
                                .mapTo(Integer.class)
                                .one()
                        > 0);
    }

    /**
     * Records the {@code jti} of a client assertion until it expires; false when it was recorded
     * before (a replay). The primary key decides, so two nodes cannot both accept one assertion.
     */
    public boolean recordAssertion(String tenant, String clientId, String jti, Instant expiresAt) {
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO client_assertions (tenant, client_id, jti, expires_at)"
                            + " VALUES (:tenant, :client, :jti, :exp)")
                    .bind("tenant", tenant)
                    .bind("client", clientId)
                    .bind("jti", jti)
                    .bind("exp", Database.ts(expiresAt))
                    .execute());
            return true;
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
            if (e.getCause() instanceof java.sql.SQLException sql && Database.uniqueViolation(sql)) {
                return false;
            }
            throw e;
        }
    }

    /** Deletes records of tokens that expired before {@code before}; returns how many. */
    public int purgeExpired(Instant before) {
        return jdbi.inTransaction(h -> h.createUpdate("DELETE FROM opaque_tokens WHERE expires_at < :t")
                        .bind("t", Database.ts(before))
                        .execute()
                + h.createUpdate("DELETE FROM revocations WHERE expires_at < :t")
                        .bind("t", Database.ts(before))
                        .execute()
                + h.createUpdate("DELETE FROM client_assertions WHERE expires_at < :t")
                        .bind("t", Database.ts(before))
                        .execute());
    }
}
