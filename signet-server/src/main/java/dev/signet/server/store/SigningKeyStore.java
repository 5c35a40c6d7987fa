package dev.signet.server.store;

import dev.signet.server.store.StoredKey.KeyState;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Signing keys per tenant. Changes run in {@link #locked}, serialised per tenant across server nodes. */
public final class SigningKeyStore {

    private static final String COLUMNS = "tenant, kid, alg, state, created_at, activates_at, activated_at, retired_at,"
            + " removes_at, revoked_at, public_jwk, private_jwk_enc";

    private final Database db;
    private final Jdbi jdbi;

    public SigningKeyStore(Database db) {
        this.db = db;
        this.jdbi = db.jdbi();
    }

    /** The operations available inside one locked transaction on a tenant's keys. */
    public static final class Transaction {
        private final Handle h;
        private final String tenant;

        private Transaction(Handle h, String tenant) {
            this.h = h;
            this.tenant = tenant;
        }

        /** The tenant's keys that are not removed, oldest first. */
        public List<StoredKey> keys() {
            return query(h, tenant, true);
        }

        public void insert(StoredKey k) {
            h.createUpdate("INSERT INTO signing_keys (" + COLUMNS + ") VALUES (:tenant, :kid, :alg, :state, :created,"
                            + " :activates, :activated, :retired, :removes, :revoked, :pub, :priv)")
                    .bind("tenant", k.tenant())
                    .bind("kid", k.kid())
                    .bind("alg", k.alg())
                    .bind("state", k.state().column())
                    .bind("created", Database.ts(k.createdAt()))
                    .bind("activates", Database.ts(k.activatesAt()))
                    .bind("activated", Database.ts(k.activatedAt()))
                    .bind("retired", Database.ts(k.retiredAt()))
                    .bind("removes", Database.ts(k.removesAt()))
                    .bind("revoked", Database.ts(k.revokedAt()))
                    .bind("pub", k.publicJwk())
                    .bind("priv", k.privateJwkEncrypted())
                    .execute();
        }

        public void activate(String kid, Instant at) {
            h.createUpdate("UPDATE signing_keys SET state = 'active', activated_at = :at"
                            + " WHERE tenant = :tenant AND kid = :kid")
                    .bind("at", Database.ts(at))
                    .bind("tenant", tenant)
                    .bind("kid", kid)
                    .execute();
        }

        public void retire(String kid, Instant at, Instant removesAt) {
            h.createUpdate("UPDATE signing_keys SET state = 'retired', retired_at = :at, removes_at = :removes"
                            + " WHERE tenant = :tenant AND kid = :kid")
                    .bind("at", Database.ts(at))
                    .bind("removes", Database.ts(removesAt))
                    .bind("tenant", tenant)
                    .bind("kid", kid)
                    .execute();
        }

        /** Removes a retired key from the JWKS and erases its private key. */
        public void remove(String kid, Instant at) {
            h.createUpdate("UPDATE signing_keys SET state = 'removed', removed_at = :at, private_jwk_enc = ''"
                            + " WHERE tenant = :tenant AND kid = :kid")
                    .bind("at", Database.ts(at))
                    .bind("tenant", tenant)
                    .bind("kid", kid)
                    .execute();
        }

        /**
         * Revokes a key and erases its private key; true when the key existed and was not already revoked or removed.
         */
        public boolean revoke(String kid, Instant at) {
            return h.createUpdate("UPDATE signing_keys SET state = 'revoked', revoked_at = :at, private_jwk_enc = ''"
                                    + " WHERE tenant = :tenant AND kid = :kid AND state IN ('pending',"
                                    + " 'active', 'retired')")
                            .bind("at", Database.ts(at))
                            .bind("tenant", tenant)
                            .bind("kid", kid)
                            .execute()
                    == 1;
        }
    }

    /**
     * Runs {@code work} in one transaction holding the tenant's row lock (SQLite: the database's
     * write lock), so two server nodes, or two threads, never rotate the same tenant's keys at once.
     */
    public <T> T locked(String tenant, Function<Transaction, T> work) {
        return jdbi.inTransaction(h -> {
            db.lockForWriting(h);
            h.createQuery("SELECT name FROM tenants WHERE name = :tenant" + db.forUpdate())
                    .bind("tenant", tenant)
                    .mapTo(String.class)
                    .one();
            return work.apply(new Transaction(h, tenant));
        });
    }

    /** The tenant's keys that are not removed (pending, active, retired, revoked), oldest first. */
    public List<StoredKey> keys(String tenant) {
        return jdbi.withHandle(h -> query(h, tenant, true));
    }

    /** All the tenant's keys, removed ones included. */
    public List<StoredKey> allKeys(String tenant) {
        return jdbi.withHandle(h -> query(h, tenant, false));
    }

    private static List<StoredKey> query(Handle h, String tenant, boolean skipRemoved) {
        return h.createQuery("SELECT " + COLUMNS + " FROM signing_keys WHERE tenant = :tenant"
                        + (skipRemoved ? " AND state <> 'removed'" : "") + " ORDER BY created_at, kid")
                .bind("tenant", tenant)
                .map((rs, ctx) -> new StoredKey(
                        rs.getString("tenant"),
                        rs.getString("kid"),
                        rs.getString("alg"),
                        KeyState.of(rs.getString("state")),
                        Database.instant(rs, "created_at"),
                        Database.instant(rs, "activates_at"),
                        Database.instant(rs, "activated_at"),
                        Database.instant(rs, "retired_at"),
                        Database.instant(rs, "removes_at"),
                        Database.instant(rs, "revoked_at"),
                        rs.getString("public_jwk"),
                        rs.getString("private_jwk_enc")))
                .list();
    }
}
