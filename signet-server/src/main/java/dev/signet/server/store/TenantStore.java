package dev.signet.server.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Tenants: name, signing algorithm, access-token lifetime. */
public final class TenantStore {

    /** A stored tenant. */
    public record Tenant(String name, String algorithm, Duration accessTokenLifetime) {}

    private final Jdbi jdbi;

    public TenantStore(Database db) {
        this.jdbi = db.jdbi();
    }

    /** Creates or updates a tenant; true when something changed. */
    public boolean upsert(Tenant t, Instant now) {
        return jdbi.inTransaction(h -> {
            Optional<Tenant> old = h.createQuery("SELECT name, signing_alg, access_token_ttl_seconds FROM tenants"
                            + " WHERE name = :name FOR UPDATE")
                    .bind("name", t.name())
                    .map((rs, ctx) -> new Tenant(rs.getString(1), rs.getString(2), Duration.ofSeconds(rs.getInt(3))))
                    .findOne();
            if (old.isEmpty()) {
                h.createUpdate("INSERT INTO tenants (name, signing_alg, access_token_ttl_seconds, created_at, updated_at)"
                                + " VALUES (:name, :alg, :ttl, :now, :now)")
                        .bind("name", t.name()).bind("alg", t.algorithm())
                        .bind("ttl", (int) t.accessTokenLifetime().toSeconds()).bind("now", Database.ts(now))
                        .execute();
                return true;
            }
            if (old.get().equals(t)) {
                return false;
            }
            h.createUpdate("UPDATE tenants SET signing_alg = :alg, access_token_ttl_seconds = :ttl, updated_at = :now"
                            + " WHERE name = :name")
                    .bind("name", t.name()).bind("alg", t.algorithm())
                    .bind("ttl", (int) t.accessTokenLifetime().toSeconds()).bind("now", Database.ts(now))
                    .execute();
            return true;
        });
    }

    public Optional<Tenant> find(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT name, signing_alg, access_token_ttl_seconds FROM tenants"
                        + " WHERE name = :name")
                .bind("name", name)
                .map((rs, ctx) -> new Tenant(rs.getString(1), rs.getString(2), Duration.ofSeconds(rs.getInt(3))))
                .findOne());
    }

    public List<Tenant> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT name, signing_alg, access_token_ttl_seconds FROM tenants ORDER BY name")
                .map((rs, ctx) -> new Tenant(rs.getString(1), rs.getString(2), Duration.ofSeconds(rs.getInt(3))))
                .list());
    }
}
