package dev.signet.server.oauth;

import dev.signet.server.Secrets;
import dev.signet.server.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Authorization codes in the database ({@code authorization_codes}): 256 random bits, stored only
 * as their SHA-256, valid for {@link #LIFETIME}, redeemed at most once. A redeemed code keeps the
 * ids of what was issued with it (its refresh-token family and its access token's {@code jti}),
 * so that a replay can revoke them (RFC 6749 §4.1.2).
 */
public final class StoredAuthorizationCodes implements AuthorizationCodes {

    /** How long a code may be redeemed after it was issued. */
    public static final Duration LIFETIME = Duration.ofSeconds(60);

    /** How long a code's row is kept after it expired: a replay within that time still revokes what it issued. */
    static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(1);

    /** A code as stored: what it stands for, when it expires, and (once redeemed) what it issued. */
    public record Stored(
            String codeHash,
            Grant grant,
            Instant issuedAt,
            Instant expiresAt,
            Instant consumedAt,
            String familyId,
            String accessJti,
            Instant accessExpiresAt) {}

    private final Database db;
    private final Jdbi jdbi;
    private final Clock clock;

    public StoredAuthorizationCodes(Database db, Clock clock) {
        this.db = db;
        this.jdbi = db.jdbi();
        this.clock = clock;
    }

    @Override
    public String issue(Grant g) {
        if (g.tenant() == null
                || g.clientId() == null
                || g.userId() == null
                || g.sid() == null
                || g.redirectUri() == null
                || g.codeChallenge() == null
                || g.authTime() == null
                || g.acr() == null) {
            throw new IllegalArgumentException("an authorization code needs tenant, client, user, session, redirect"
                    + " URI, PKCE challenge, auth time and acr");
        }
        String code = Secrets.generate();
        Instant now = clock.instant();
        jdbi.useHandle(
                h -> h.createUpdate("INSERT INTO authorization_codes (code_hash, tenant, client_id, user_id, sid,"
                                + " redirect_uri, code_challenge, scopes, nonce, auth_time, acr, amr, issued_at,"
                                + " expires_at) VALUES (:hash, :tenant, :client, :user, :sid, :redirect, :challenge,"
                                + " :scopes, :nonce,"
                                + " :authTime, :acr, :amr, :now, :exp)")
                        .bind("hash", Secrets.hash(code))
                        .bind("tenant", g.tenant())
                        .bind("client", g.clientId())
                        .bind("user", g.userId())
                        .bind("sid", g.sid())
                        .bind("redirect", g.redirectUri())
                        .bind("challenge", g.codeChallenge())
                        .bind("scopes", String.join(" ", g.scopes()))
                        .bind("nonce", g.nonce())
                        .bind("authTime", Database.ts(g.authTime()))
                        .bind("acr", g.acr())
                        .bind("amr", String.join(" ", g.amr()))
                        .bind("now", Database.ts(now))
                        .bind("exp", Database.ts(now.plus(LIFETIME)))
                        .execute());
        return code;
    }

    /** The code of {@code tenant} that {@code code} is, redeemed or not, or empty. */
    public Optional<Stored> find(String tenant, String code) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM authorization_codes WHERE code_hash = :hash" + " AND tenant = :tenant")
                .bind("hash", Secrets.hash(code))
                .bind("tenant", tenant)
                .map((rs, ctx) -> new Stored(
                        rs.getString("code_hash"),
                        new Grant(
                                rs.getString("tenant"),
                                rs.getString("client_id"),
                                rs.getString("user_id"),
                                rs.getString("sid"),
                                rs.getString("redirect_uri"),
                                rs.getString("code_challenge"),
                                split(rs.getString("scopes")),
                                rs.getString("nonce"),
                                Database.instant(rs, "auth_time"),
                                rs.getString("acr"),
                                split(rs.getString("amr"))),
                        Database.instant(rs, "issued_at"),
                        Database.instant(rs, "expires_at"),
                        Database.instant(rs, "consumed_at"),
                        rs.getString("family_id"),
                        rs.getString("access_jti"),
                        Database.instant(rs, "access_expires_at")))
                .findOne());
    }

    /**
     * Redeems a code: marks it consumed, with what it is about to issue, and runs {@code alsoIssue}
     * in the same transaction (the refresh-token family is created there). Exactly one caller can
     * redeem a code: the update only changes a row not consumed yet, and the loser of a race sees
     * none changed.
     *
     * @return false when the code was consumed already (a replay)
     */
    public boolean redeem(
            String codeHash, String familyId, String accessJti, Instant accessExpiresAt, Consumer<Handle> alsoIssue) {
        Instant now = clock.instant();
        return jdbi.inTransaction(h -> {
            db.lockForWriting(h);
            int changed = h.createUpdate("UPDATE authorization_codes SET consumed_at = :now, family_id = :family,"
                            + " access_jti = :jti, access_expires_at = :exp WHERE code_hash = :hash AND consumed_at"
                            + " IS NULL")
                    .bind("now", Database.ts(now))
                    .bind("family", familyId)
                    .bind("jti", accessJti)
                    .bind("exp", Database.ts(accessExpiresAt))
                    .bind("hash", codeHash)
                    .execute();
            if (changed != 1) {
                return false;
            }
            alsoIssue.accept(h);
            return true;
        });
    }

    /** Deletes codes that expired before {@code before} minus a day (replays of them can no longer revoke). */
    public int purgeExpired(Instant before) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM authorization_codes WHERE expires_at < :t")
                .bind("t", Database.ts(before.minus(KEPT_AFTER_EXPIRY)))
                .execute());
    }

    private static List<String> split(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(" "));
    }
}
