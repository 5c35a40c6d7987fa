package dev.signet.server.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;

/**
 * OAuth clients per tenant. Lists are stored space-separated (none of their values may hold a space).
 *
 * <p>{@link #find} answers from a small in-memory cache: every token request looks its client up.
 * A change made through this store (bootstrap, admin API) replaces the entry at once; a change made
 * by another node sharing the database is seen here within {@link #CACHE_TTL} (docs/server.md).
 * Secrets are still compared per request: the cache holds the stored hash, never a secret.
 */
public final class ClientStore {

    /** How long a looked-up client (or its absence) is trusted before it is read again. */
    public static final Duration CACHE_TTL = Duration.ofSeconds(5);
    /** At most this many entries; beyond it the cache starts again empty (unknown ids cannot grow it). */
    static final int CACHE_MAX = 10_000;

    private record Cached(Optional<ClientRecord> client, long loadedAt) {}

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /** Bumped by every change: a lookup that raced with one is not cached. */
    private final AtomicLong generation = new AtomicLong();

    private static final String COLUMNS = "tenant, client_id, secret_hash, grants, scopes, audiences, token_format,"
            + " auth_method, enabled, jwks, jwks_uri";

    private final Jdbi jdbi;

    public ClientStore(Database db) {
        this.jdbi = db.jdbi();
    }

    /** Creates or updates a client; true when something changed. */
    public boolean upsert(ClientRecord c, Instant now) {
        try {
            return write(c, now);
        } finally {
            generation.incrementAndGet();
            cache.remove(c.tenant() + '\n' + c.clientId()); // after the commit (or failure): read it again
        }
    }

    private boolean write(ClientRecord c, Instant now) {
        return jdbi.inTransaction(h -> {
            Optional<ClientRecord> old = h.createQuery(
                            "SELECT " + COLUMNS + " FROM clients WHERE tenant = :tenant AND client_id = :id FOR UPDATE")
                    .bind("tenant", c.tenant())
                    .bind("id", c.clientId())
                    .map((rs, ctx) -> map(rs))
                    .findOne();
            if (old.isPresent() && old.get().equals(c)) {
                return false;
            }
            String sql = old.isEmpty()
                    ? "INSERT INTO clients (" + COLUMNS + ", created_at, updated_at) VALUES (:tenant, :id, :hash,"
                            + " :grants, :scopes, :audiences, :format, :method, :enabled, :jwks, :jwksUri, :now, :now)"
                    : "UPDATE clients SET secret_hash = :hash, grants = :grants, scopes = :scopes, audiences ="
                            + " :audiences,"
                            + " token_format = :format, auth_method = :method, enabled = :enabled, jwks = :jwks,"
                            + " jwks_uri = :jwksUri,"
                            + " updated_at = :now"
                            + " WHERE tenant = :tenant AND client_id = :id";
            h.createUpdate(sql)
                    .bind("tenant", c.tenant())
                    .bind("id", c.clientId())
                    .bind("hash", c.secretHash())
                    .bind("grants", String.join(" ", c.grants()))
                    .bind("scopes", String.join(" ", c.scopes()))
                    .bind("audiences", String.join(" ", c.audiences()))
                    .bind("format", c.tokenFormat())
                    .bind("method", c.authMethod())
                    .bind("enabled", c.enabled())
                    .bind("jwks", c.jwks())
                    .bind("jwksUri", c.jwksUri())
                    .bind("now", Database.ts(now))
                    .execute();
            return true;
        });
    }

    public Optional<ClientRecord> find(String tenant, String clientId) {
        String key = tenant + '\n' + clientId;
        long now = System.nanoTime();
        Cached c = cache.get(key);
        if (c != null && now - c.loadedAt() < CACHE_TTL.toNanos()) {
            return c.client();
        }
        long gen = generation.get();
        Optional<ClientRecord> found = findUncached(tenant, clientId);
        if (cache.size() >= CACHE_MAX) {
            cache.clear();
        }
        cache.put(key, new Cached(found, now));
        if (generation.get() != gen) {
            cache.remove(key); // a change committed meanwhile: what was read may be older
        }
        return found;
    }

    /** Forgets every cached lookup (after a change this store did not make itself). */
    public void invalidateAll() {
        generation.incrementAndGet();
        cache.clear();
    }

    /** Reads the client from the database now (for changes, which must not act on a cached copy). */
    public Optional<ClientRecord> findUncached(String tenant, String clientId) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT " + COLUMNS + " FROM clients WHERE tenant = :tenant AND client_id = :id")
                        .bind("tenant", tenant)
                        .bind("id", clientId)
                        .map((rs, ctx) -> map(rs))
                        .findOne());
    }

    public List<ClientRecord> list(String tenant) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT " + COLUMNS + " FROM clients WHERE tenant = :tenant ORDER BY client_id")
                        .bind("tenant", tenant)
                        .map((rs, ctx) -> map(rs))
                        .list());
    }

    private static ClientRecord map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new ClientRecord(
                rs.getString("tenant"),
                rs.getString("client_id"),
                rs.getString("secret_hash"),
                split(rs.getString("grants")),
                split(rs.getString("scopes")),
                split(rs.getString("audiences")),
                rs.getString("token_format"),
                rs.getString("auth_method"),
                rs.getBoolean("enabled"),
                rs.getString("jwks"),
                rs.getString("jwks_uri"));
    }

    private static List<String> split(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(" "));
    }
}
