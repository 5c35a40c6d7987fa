package dev.signet.server.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;

/**
 * Tenants: name, signing algorithm, access-token lifetime. Every request names a tenant, so known
 * tenants are also kept in memory; {@link #list()} (run by the key scheduler) refreshes them from
 * the database, which is how a node learns of tenants another node created.
 */
public final class TenantStore {

    /** A stored tenant. */
    public record Tenant(String name, String algorithm, Duration accessTokenLifetime) {}

    private final Database db;
    private final Jdbi jdbi;
    private final Map<String, Tenant> known = new ConcurrentHashMap<>();

    public TenantStore(Database db) {
        this.db = db;
        this.jdbi = db.jdbi();
    }

    /** Creates or updates a tenant; true when something changed. */
    public boolean upsert(Tenant t, Instant now) {
        boolean changed = write(t, now);
        known.put(t.name(), t); // after the commit
        return changed;
    }

    private boolean write(Tenant t, Instant now) {
        return jdbi.inTransaction(h -> {
            db.lockForWriting(h);
            Optional<Tenant> old = lockedRow(h, t.name());
            if (old.isEmpty()) {
                // FOR UPDATE locks no row it did not find: a concurrent insert wins, and its row is read again.
                if (h.createUpdate("INSERT INTO tenants (name, signing_alg, access_token_ttl_seconds, created_at,"
                                        + " updated_at) VALUES (:name, :alg, :ttl, :now, :now)"
                                        + " ON CONFLICT (name) DO NOTHING")
                                .bind("name", t.name())
                                .bind("alg", t.algorithm())
                                .bind("ttl", (int) t.accessTokenLifetime().toSeconds())
                                .bind("now", Database.ts(now))
                                .execute()
                        == 1) {
                    return true;
                }
                old = lockedRow(h, t.name());
            }
            if (old.orElseThrow().equals(t)) {
                return false;
            }
            h.createUpdate("UPDATE tenants SET signing_alg = :alg, access_token_ttl_seconds = :ttl, updated_at = :now"
                            + " WHERE name = :name")
                    .bind("name", t.name())
                    .bind("alg", t.algorithm())
                    .bind("ttl", (int) t.accessTokenLifetime().toSeconds())
                    .bind("now", Database.ts(now))
                    .execute();
            return true;
        });
    }

    private Optional<Tenant> lockedRow(org.jdbi.v3.core.Handle h, String name) {
        return h.createQuery("SELECT name, signing_alg, access_token_ttl_seconds FROM tenants WHERE name = :name"
                        + db.forUpdate())
                .bind("name", name)
                .map((rs, ctx) -> new Tenant(rs.getString(1), rs.getString(2), Duration.ofSeconds(rs.getInt(3))))
                .findOne();
    }

    public Optional<Tenant> find(String name) {
        Tenant t = known.get(name);
        if (t != null) {
            return Optional.of(t);
        }
        Optional<Tenant> found = load(name);
        found.ifPresent(f -> known.put(f.name(), f));
        return found;
    }

    private Optional<Tenant> load(String name) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT name, signing_alg, access_token_ttl_seconds FROM tenants" + " WHERE name = :name")
                .bind("name", name)
                .map((rs, ctx) -> new Tenant(rs.getString(1), rs.getString(2), Duration.ofSeconds(rs.getInt(3))))
                .findOne());
    }

    /** Every tenant, read from the database (and remembered). */
    public List<Tenant> list() {
        List<Tenant> all = jdbi.withHandle(h -> h.createQuery(
                        "SELECT name, signing_alg, access_token_ttl_seconds FROM tenants ORDER BY name")
                .map((rs, ctx) -> new Tenant(rs.getString(1), rs.getString(2), Duration.ofSeconds(rs.getInt(3))))
                .list());
        all.forEach(t -> known.put(t.name(), t));
        return all;
    }
}
