package dev.signet.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Users, their recovery codes, one-time password reset links and the tenants' sign-in policy. The
 * failure counter and the accepted TOTP step change by single conditional UPDATE statements, so
 * concurrent attempts, on one node or several, each count and a code is accepted once.
 */
public final class UserStore {

    /** A stored user, secrets included: for the identity services only, never for an answer. */
    public record UserRow(
            String tenant,
            String userId,
            String usernameKey,
            String username,
            String email,
            boolean emailVerified,
            String name,
            List<String> roles,
            boolean enabled,
            boolean passwordChangeRequired,
            String passwordHash,
            int failedAttempts,
            Instant lastFailureAt,
            Instant lockedUntil,
            String totpSecretEncrypted,
            Long totpLastStep,
            Instant createdAt) {

        public UserRow {
            roles = List.copyOf(roles);
        }

        @Override
        public String toString() {
            return "UserRow[" + tenant + "/" + userId + "]"; // hashes and secrets stay out of logs
        }
    }

    /** The failure counter right after one more failure was counted. */
    public record Failures(int attempts, Instant lockedUntil, boolean lockedNow) {}

    private static final String COLUMNS = "tenant, user_id, username_key, username, email, email_verified, name, roles,"
            + " enabled, password_change_required, password_hash, failed_attempts, last_failure_at, locked_until,"
            + " totp_secret_enc, totp_last_step, created_at";

    private final Database db;
    private final Jdbi jdbi;

    public UserStore(Database db) {
        this.db = db;
        this.jdbi = db.jdbi();
    }

    /** Inserts a new user; false when its id or username is taken in the tenant. */
    public boolean insert(UserRow u, Instant now) {
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO users (" + COLUMNS + ", updated_at) VALUES (:tenant, :id,"
                            + " :key, :username, :email, :verified, :name, :roles, :enabled, :change, :hash, 0,"
                            + " NULL, NULL, :totp, :step, :now, :now)")
                    .bind("tenant", u.tenant())
                    .bind("id", u.userId())
                    .bind("key", u.usernameKey())
                    .bind("username", u.username())
                    .bind("email", u.email())
                    .bind("verified", u.emailVerified())
                    .bind("name", u.name())
                    .bind("roles", String.join(" ", u.roles()))
                    .bind("enabled", u.enabled())
                    .bind("change", u.passwordChangeRequired())
                    .bind("hash", u.passwordHash())
                    .bind("totp", u.totpSecretEncrypted())
                    .bind("step", u.totpLastStep())
                    .bind("now", Database.ts(now))
                    .execute());
            return true;
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException sql && Database.uniqueViolation(sql)) {
                return false;
            }
            throw e;
        }
    }

    public Optional<UserRow> find(String tenant, String userId) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE tenant = :tenant AND user_id = :id")
                        .bind("tenant", tenant)
                        .bind("id", userId)
                        .map((rs, ctx) -> map(rs))
                        .findOne());
    }

    public Optional<UserRow> findByUsernameKey(String tenant, String usernameKey) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE tenant = :tenant AND username_key = :key")
                        .bind("tenant", tenant)
                        .bind("key", usernameKey)
                        .map((rs, ctx) -> map(rs))
                        .findOne());
    }

    public List<UserRow> list(String tenant) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE tenant = :tenant ORDER BY username_key")
                        .bind("tenant", tenant)
                        .map((rs, ctx) -> map(rs))
                        .list());
    }

    /**
     * Counts one failed attempt, in one statement: the counter goes up by one (or starts again at one
     * when an earlier lock has run out), and the attempt that reaches {@code lockAt} locks the
     * account until {@code lockUntil}. Returns the counter as it stands after this failure.
     */
    public Optional<Failures> recordFailure(String tenant, String userId, Instant now, int lockAt, Instant lockUntil) {
        return jdbi.inTransaction(h -> {
            int n = h.createUpdate("UPDATE users SET"
                            + " failed_attempts = CASE WHEN locked_until IS NOT NULL AND locked_until <= :now THEN 1"
                            + " ELSE failed_attempts + 1 END,"
                            + " locked_until = CASE WHEN locked_until IS NOT NULL AND locked_until <= :now THEN NULL"
                            + " WHEN failed_attempts + 1 = :lockAt THEN :lockUntil ELSE locked_until END,"
                            + " last_failure_at = :now"
                            + " WHERE tenant = :tenant AND user_id = :id")
                    .bind("now", Database.ts(now))
                    .bind("lockAt", lockAt)
                    .bind("lockUntil", Database.ts(lockUntil))
                    .bind("tenant", tenant)
                    .bind("id", userId)
                    .execute();
            if (n == 0) {
                return Optional.<Failures>empty();
            }
            // Inside the transaction that changed it: the row is this statement's (locked on
            // PostgreSQL until the commit, and SQLite has one writer), so the count is exactly ours.
            return h.createQuery(
                            "SELECT failed_attempts, locked_until FROM users WHERE tenant = :tenant AND user_id = :id")
                    .bind("tenant", tenant)
                    .bind("id", userId)
                    .map((rs, ctx) -> {
                        int attempts = rs.getInt("failed_attempts");
                        return new Failures(attempts, Database.instant(rs, "locked_until"), attempts == lockAt);
                    })
                    .findOne();
        });
    }

    /** Sets the failure counter back to zero and lifts a lock (a success, an admin's unlock); true if it changed. */
    public boolean clearFailures(String tenant, String userId, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate(
                                "UPDATE users SET failed_attempts = 0, last_failure_at = NULL, locked_until = NULL"
                                        + " WHERE tenant = :tenant AND user_id = :id"
                                        + " AND (failed_attempts <> 0 OR locked_until IS NOT NULL)")
                        .bind("tenant", tenant)
                        .bind("id", userId)
                        .execute())
                > 0;
    }

    /** A new password hash; {@code changeRequired} as given, the failure counter cleared. */
    public boolean setPassword(String tenant, String userId, String hash, boolean changeRequired, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE users SET password_hash = :hash,"
                                + " password_change_required = :change, failed_attempts = 0, last_failure_at = NULL,"
                                + " locked_until = NULL, updated_at = :now WHERE tenant = :tenant AND user_id = :id")
                        .bind("hash", hash)
                        .bind("change", changeRequired)
                        .bind("now", Database.ts(now))
                        .bind("tenant", tenant)
                        .bind("id", userId)
                        .execute())
                > 0;
    }

    /** Replaces the hash only if it is still {@code oldHash} (a re-hash must not undo a concurrent change). */
    public boolean replaceHash(String tenant, String userId, String oldHash, String newHash, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE users SET password_hash = :new, updated_at = :now"
                                + " WHERE tenant = :tenant AND user_id = :id AND password_hash = :old")
                        .bind("new", newHash)
                        .bind("old", oldHash)
                        .bind("now", Database.ts(now))
                        .bind("tenant", tenant)
                        .bind("id", userId)
                        .execute())
                > 0;
    }

    /** Asks for a new password at the next sign-in; true when it changed. */
    public boolean requirePasswordChange(String tenant, String userId, Instant now) {
        return update(
                        "UPDATE users SET password_change_required = TRUE, updated_at = :now"
                                + " WHERE tenant = :tenant AND user_id = :id AND password_change_required = FALSE",
                        tenant,
                        userId,
                        now)
                > 0;
    }

    /** Enables or disables; true when it changed. */
    public boolean setEnabled(String tenant, String userId, boolean enabled, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE users SET enabled = :enabled, updated_at = :now"
                                + " WHERE tenant = :tenant AND user_id = :id AND enabled <> :enabled")
                        .bind("enabled", enabled)
                        .bind("now", Database.ts(now))
                        .bind("tenant", tenant)
                        .bind("id", userId)
                        .execute())
                > 0;
    }

    /** Email, name and roles; true when they changed. */
    public boolean setProfile(
            String tenant, String userId, String email, String name, List<String> roles, Instant now) {
        return jdbi.inTransaction(h -> {
            db.lockForWriting(h);
            Optional<UserRow> old = h.createQuery("SELECT " + COLUMNS + " FROM users WHERE tenant = :tenant AND"
                            + " user_id = :id" + db.forUpdate())
                    .bind("tenant", tenant)
                    .bind("id", userId)
                    .map((rs, ctx) -> map(rs))
                    .findOne();
            if (old.isEmpty()) {
                return false;
            }
            UserRow o = old.get();
            if (java.util.Objects.equals(o.email(), email)
                    && java.util.Objects.equals(o.name(), name)
                    && o.roles().equals(roles)) {
                return false;
            }
            h.createUpdate("UPDATE users SET email = :email, email_verified = :verified, name = :name, roles = :roles,"
                            + " updated_at = :now WHERE tenant = :tenant AND user_id = :id")
                    .bind("email", email)
                    .bind("verified", o.emailVerified() && java.util.Objects.equals(o.email(), email))
                    .bind("name", name)
                    .bind("roles", String.join(" ", roles))
                    .bind("now", Database.ts(now))
                    .bind("tenant", tenant)
                    .bind("id", userId)
                    .execute();
            return true;
        });
    }

    /**
     * Puts a TOTP secret in force with the step its confirming code was for, and replaces the
     * recovery codes with {@code codeHashes}, in one transaction.
     */
    public boolean setTotp(
            String tenant, String userId, String secretEncrypted, long step, List<String> codeHashes, Instant now) {
        return jdbi.inTransaction(h -> {
            int n = h.createUpdate("UPDATE users SET totp_secret_enc = :secret, totp_last_step = :step,"
                            + " updated_at = :now WHERE tenant = :tenant AND user_id = :id")
                    .bind("secret", secretEncrypted)
                    .bind("step", step)
                    .bind("now", Database.ts(now))
                    .bind("tenant", tenant)
                    .bind("id", userId)
                    .execute();
            if (n == 0) {
                return false;
            }
            replaceRecoveryCodes(h, tenant, userId, codeHashes, now);
            return true;
        });
    }

    /** Removes the TOTP secret and every recovery code; true when there was a secret or a code. */
    public boolean clearSecondFactor(String tenant, String userId, Instant now) {
        return jdbi.inTransaction(h -> {
            int codes = h.createUpdate("DELETE FROM recovery_codes WHERE tenant = :tenant AND user_id = :id")
                    .bind("tenant", tenant)
                    .bind("id", userId)
                    .execute();
            int secret = h.createUpdate("UPDATE users SET totp_secret_enc = NULL, totp_last_step = NULL,"
                            + " updated_at = :now WHERE tenant = :tenant AND user_id = :id"
                            + " AND totp_secret_enc IS NOT NULL")
                    .bind("now", Database.ts(now))
                    .bind("tenant", tenant)
                    .bind("id", userId)
                    .execute();
            return codes + secret > 0;
        });
    }

    /**
     * Accepts TOTP time step {@code step} if no code of it or a later step was accepted before: one
     * conditional UPDATE, so of two requests with the same code exactly one succeeds.
     */
    public boolean acceptTotpStep(String tenant, String userId, long step) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE users SET totp_last_step = :step"
                                + " WHERE tenant = :tenant AND user_id = :id AND totp_secret_enc IS NOT NULL"
                                + " AND (totp_last_step IS NULL OR totp_last_step < :step)")
                        .bind("step", step)
                        .bind("tenant", tenant)
                        .bind("id", userId)
                        .execute())
                == 1;
    }

    /** Marks an unused recovery code used; true for the one request that did. */
    public boolean useRecoveryCode(String tenant, String userId, String codeHash, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE recovery_codes SET used_at = :now WHERE tenant = :tenant"
                                + " AND user_id = :id AND code_hash = :hash AND used_at IS NULL")
                        .bind("now", Database.ts(now))
                        .bind("tenant", tenant)
                        .bind("id", userId)
                        .bind("hash", codeHash)
                        .execute())
                == 1;
    }

    /** How many recovery codes of a user are still unused. */
    public int unusedRecoveryCodes(String tenant, String userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM recovery_codes WHERE tenant = :tenant"
                        + " AND user_id = :id AND used_at IS NULL")
                .bind("tenant", tenant)
                .bind("id", userId)
                .mapTo(Integer.class)
                .one());
    }

    /** Stores a one-time password reset link (its hash); earlier unused links of the user stop working. */
    public void insertPasswordReset(String tokenHash, String tenant, String userId, Instant expires, Instant now) {
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE password_resets SET used_at = :now WHERE tenant = :tenant AND user_id = :id"
                            + " AND used_at IS NULL")
                    .bind("now", Database.ts(now))
                    .bind("tenant", tenant)
                    .bind("id", userId)
                    .execute();
            h.createUpdate("INSERT INTO password_resets (token_hash, tenant, user_id, expires_at, used_at)"
                            + " VALUES (:hash, :tenant, :id, :expires, NULL)")
                    .bind("hash", tokenHash)
                    .bind("tenant", tenant)
                    .bind("id", userId)
                    .bind("expires", Database.ts(expires))
                    .execute();
        });
    }

    /**
     * Uses a reset link: the user it is for when it exists in {@code tenant}, is unused and has not
     * expired; it is used up by this call (one conditional UPDATE: one caller wins).
     */
    public Optional<String> consumePasswordReset(String tenant, String tokenHash, Instant now) {
        return jdbi.inTransaction(h -> {
            db.lockForWriting(h);
            Optional<String> user = h.createQuery("SELECT user_id FROM password_resets WHERE token_hash = :hash"
                            + " AND tenant = :tenant AND used_at IS NULL AND expires_at > :now" + db.forUpdate())
                    .bind("hash", tokenHash)
                    .bind("tenant", tenant)
                    .bind("now", Database.ts(now))
                    .mapTo(String.class)
                    .findOne();
            if (user.isEmpty()) {
                return user;
            }
            int n = h.createUpdate("UPDATE password_resets SET used_at = :now WHERE token_hash = :hash"
                            + " AND used_at IS NULL")
                    .bind("now", Database.ts(now))
                    .bind("hash", tokenHash)
                    .execute();
            return n == 1 ? user : Optional.<String>empty();
        });
    }

    /** Sets whether every sign-in to the tenant needs a second factor; true when it changed. */
    public boolean setRequireMfa(String tenant, boolean required, Instant now) {
        return jdbi.inTransaction(h -> {
            db.lockForWriting(h);
            Optional<Boolean> old = h.createQuery(
                            "SELECT require_mfa FROM tenant_user_policies WHERE tenant = :tenant" + db.forUpdate())
                    .bind("tenant", tenant)
                    .mapTo(Boolean.class)
                    .findOne();
            if (old.isPresent() && old.get() == required) {
                return false;
            }
            if (old.isPresent()) {
                h.createUpdate("UPDATE tenant_user_policies SET require_mfa = :r, updated_at = :now"
                                + " WHERE tenant = :tenant")
                        .bind("r", required)
                        .bind("now", Database.ts(now))
                        .bind("tenant", tenant)
                        .execute();
                return true;
            }
            if (!required) {
                return false; // no row means not required
            }
            h.createUpdate("INSERT INTO tenant_user_policies (tenant, require_mfa, updated_at) VALUES (:tenant, :r,"
                            + " :now) ON CONFLICT (tenant) DO UPDATE SET require_mfa = :r, updated_at = :now")
                    .bind("r", required)
                    .bind("now", Database.ts(now))
                    .bind("tenant", tenant)
                    .execute();
            return true;
        });
    }

    /** Whether the tenant requires a second factor for every sign-in. */
    public boolean requireMfa(String tenant) {
        return jdbi.withHandle(h -> h.createQuery("SELECT require_mfa FROM tenant_user_policies WHERE tenant = :tenant")
                .bind("tenant", tenant)
                .mapTo(Boolean.class)
                .findOne()
                .orElse(false));
    }

    private static void replaceRecoveryCodes(
            Handle h, String tenant, String userId, List<String> codeHashes, Instant now) {
        h.createUpdate("DELETE FROM recovery_codes WHERE tenant = :tenant AND user_id = :id")
                .bind("tenant", tenant)
                .bind("id", userId)
                .execute();
        for (String hash : codeHashes) {
            h.createUpdate("INSERT INTO recovery_codes (tenant, user_id, code_hash, created_at, used_at)"
                            + " VALUES (:tenant, :id, :hash, :now, NULL)")
                    .bind("tenant", tenant)
                    .bind("id", userId)
                    .bind("hash", hash)
                    .bind("now", Database.ts(now))
                    .execute();
        }
    }

    private int update(String sql, String tenant, String userId, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate(sql)
                .bind("tenant", tenant)
                .bind("id", userId)
                .bind("now", Database.ts(now))
                .execute());
    }

    private static UserRow map(ResultSet rs) throws SQLException {
        long step = rs.getLong("totp_last_step");
        Long lastStep = rs.wasNull() ? null : step;
        String roles = rs.getString("roles");
        return new UserRow(
                rs.getString("tenant"),
                rs.getString("user_id"),
                rs.getString("username_key"),
                rs.getString("username"),
                rs.getString("email"),
                rs.getBoolean("email_verified"),
                rs.getString("name"),
                roles == null || roles.isEmpty() ? List.of() : Arrays.asList(roles.split(" ")),
                rs.getBoolean("enabled"),
                rs.getBoolean("password_change_required"),
                rs.getString("password_hash"),
                rs.getInt("failed_attempts"),
                Database.instant(rs, "last_failure_at"),
                Database.instant(rs, "locked_until"),
                rs.getString("totp_secret_enc"),
                lastStep,
                Database.instant(rs, "created_at"));
    }
}
