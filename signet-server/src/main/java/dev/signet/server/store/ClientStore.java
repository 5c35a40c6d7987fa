package dev.signet.server.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;

/**
 * OAuth clients per tenant. Lists are stored space-separated (none of their values may hold a space).
 *
 * <p>{@link #find} answers from a small in-memory cache: every token request looks its client up.
 * A change made through this store (bootstrap, admin API) replaces the entry at once; a change made
 * by another node sharing the database is seen here within {@link #CACHE_TTL} (docs/server.md).
 * Secrets are still compared per request: the cache holds the stored hash, never a secret.
 *
 * <p>Both caches are bounded by their weight, an estimate of the bytes they hold, not by a count:
 * the ids looked up come from requests, and a cache that counted entries let 10,000 ids of 60 KB
 * each (600 MB) fill a 128 MB heap. Found clients and unknown ids are kept apart, so a flood of
 * unknown ids evicts only other unknown ids, never the clients the token path needs.
 */
public final class ClientStore {

    /** How long a looked-up client (or its absence) is trusted before it is read again. */
    public static final Duration CACHE_TTL = Duration.ofSeconds(5);
    /** The most the cache of found clients may hold, in estimated bytes (a client with a JWK Set can hold 200 KB). */
    static final long KNOWN_MAX_BYTES = 16L << 20;
    /** The most the cache of ids that named no client may hold, in estimated bytes (~ 8,000 ids of 64 characters). */
    static final long UNKNOWN_MAX_BYTES = 1L << 20;
    /** What an entry costs beyond its strings: the entry, its node in the cache, the key and the value objects. */
    private static final int ENTRY_OVERHEAD_BYTES = 160;

    private static final Object ABSENT = new Object();

    private final Cache<String, ClientRecord> known = Caffeine.newBuilder()
            .expireAfterWrite(CACHE_TTL)
            .maximumWeight(KNOWN_MAX_BYTES)
            .weigher((String key, ClientRecord c) -> weight(key, c))
            .executor(Runnable::run) // evict on the caller's thread: the bound holds when put returns
            .build();
    private final Cache<String, Object> unknown = Caffeine.newBuilder()
            .expireAfterWrite(CACHE_TTL)
            .maximumWeight(UNKNOWN_MAX_BYTES)
            .weigher((String key, Object absent) -> weight(key, null))
            .executor(Runnable::run)
            .build();
    /** Bumped by every change: a lookup that raced with one is not cached. */
    private final AtomicLong generation = new AtomicLong();

    private static final String COLUMNS = "tenant, client_id, secret_hash, grants, scopes, audiences, token_format,"
            + " auth_method, enabled, jwks, jwks_uri, client_type, redirect_uris, post_logout_redirect_uris,"
            + " require_mfa, refresh_idle_seconds, refresh_absolute_seconds, refresh_grace_seconds, claim_mappings";

    private static final String INSERT = "INSERT INTO clients (" + COLUMNS + ", created_at, updated_at) VALUES"
            + " (:tenant, :id, :hash, :grants, :scopes, :audiences, :format, :method, :enabled, :jwks, :jwksUri,"
            + " :type, :redirects, :logoutRedirects, :mfa, :idle, :absolute, :grace, :claims,"
            + " :now, :now) ON CONFLICT (tenant, client_id) DO NOTHING";

    private final Database db;
    private final Jdbi jdbi;

    public ClientStore(Database db) {
        this.db = db;
        this.jdbi = db.jdbi();
    }

    /** Creates or updates a client; true when something changed. */
    public boolean upsert(ClientRecord c, Instant now) {
        try {
            return write(c, now);
        } finally {
            generation.incrementAndGet();
            String key = key(c.tenant(), c.clientId());
            known.invalidate(key); // after the commit (or failure): read it again
            unknown.invalidate(key);
        }
    }

    private boolean write(ClientRecord c, Instant now) {
        return jdbi.inTransaction(h -> {
            db.lockForWriting(h);
            Optional<ClientRecord> old = lockedRow(h, c);
            if (old.isEmpty()) {
                // A row FOR UPDATE did not find is not locked: another node may insert it meanwhile,
                // and then this insert gives way, and the row it committed is read (and locked) again.
                if (bind(h.createUpdate(INSERT), c, now).execute() == 1) {
                    return true;
                }
                old = lockedRow(h, c);
            }
            if (old.orElseThrow().equals(c)) {
                return false;
            }
            String sql = "UPDATE clients SET secret_hash = :hash, grants = :grants, scopes = :scopes, audiences ="
                    + " :audiences,"
                    + " token_format = :format, auth_method = :method, enabled = :enabled, jwks = :jwks,"
                    + " jwks_uri = :jwksUri, client_type = :type, redirect_uris = :redirects,"
                    + " post_logout_redirect_uris = :logoutRedirects, require_mfa = :mfa, refresh_idle_seconds ="
                    + " :idle, refresh_absolute_seconds = :absolute, refresh_grace_seconds = :grace, claim_mappings ="
                    + " :claims, updated_at = :now"
                    + " WHERE tenant = :tenant AND client_id = :id";
            bind(h.createUpdate(sql), c, now).execute();
            return true;
        });
    }

    private Optional<ClientRecord> lockedRow(org.jdbi.v3.core.Handle h, ClientRecord c) {
        return h.createQuery("SELECT " + COLUMNS + " FROM clients WHERE tenant = :tenant AND client_id = :id"
                        + db.forUpdate())
                .bind("tenant", c.tenant())
                .bind("id", c.clientId())
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    private static org.jdbi.v3.core.statement.Update bind(
            org.jdbi.v3.core.statement.Update u, ClientRecord c, Instant now) {
        return u.bind("tenant", c.tenant())
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
                .bind("type", c.type())
                .bind("redirects", String.join(" ", c.redirectUris()))
                .bind("logoutRedirects", String.join(" ", c.postLogoutRedirectUris()))
                .bind("mfa", c.requireMfa())
                .bind("idle", c.refresh().idle().toSeconds())
                .bind("absolute", c.refresh().absolute().toSeconds())
                .bind("grace", c.refresh().reuseGrace().toSeconds())
                .bind("claims", String.join(" ", c.claims()))
                .bind("now", Database.ts(now));
    }

    /**
     * The client, from the cache when it was read less than {@link #CACHE_TTL} ago. Callers pass
     * only ids that could name a client ({@code ClientRules.isClientId}); the caches' weights bound
     * what any other id costs.
     */
    public Optional<ClientRecord> find(String tenant, String clientId) {
        String key = key(tenant, clientId);
        ClientRecord hit = known.getIfPresent(key);
        if (hit != null) {
            return Optional.of(hit);
        }
        if (unknown.getIfPresent(key) != null) {
            return Optional.empty();
        }
        long gen = generation.get();
        Optional<ClientRecord> found = findUncached(tenant, clientId);
        if (found.isPresent()) {
            known.put(key, found.get());
        } else {
            unknown.put(key, ABSENT);
        }
        if (generation.get() != gen) {
            known.invalidate(key); // a change committed meanwhile: what was read may be older
            unknown.invalidate(key);
        }
        return found;
    }

    /** Forgets every cached lookup (after a change this store did not make itself). */
    public void invalidateAll() {
        generation.incrementAndGet();
        known.invalidateAll();
        unknown.invalidateAll();
    }

    /** The estimated bytes the caches hold now: found clients, and ids that named none. */
    long[] cachedBytes() {
        known.cleanUp();
        unknown.cleanUp();
        return new long[] {
            known.policy().eviction().orElseThrow().weightedSize().orElseThrow(),
            unknown.policy().eviction().orElseThrow().weightedSize().orElseThrow()
        };
    }

    private static String key(String tenant, String clientId) {
        return tenant + '\n' + clientId;
    }

    /** Estimated bytes of an entry: two per character (the worst case of a Java string), plus the objects. */
    private static int weight(String key, ClientRecord c) {
        long chars = key.length();
        if (c != null) {
            chars += length(c.clientId())
                    + length(c.tenant())
                    + length(c.secretHash())
                    + length(c.tokenFormat())
                    + length(c.authMethod())
                    + length(c.jwks())
                    + length(c.jwksUri());
            for (List<String> l : List.of(
                    c.grants(), c.scopes(), c.audiences(), c.redirectUris(), c.postLogoutRedirectUris(), c.claims())) {
                for (String v : l) {
                    chars += v.length() + 24; // and the string's own header
                }
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, 2 * chars + ENTRY_OVERHEAD_BYTES);
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
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
                rs.getString("jwks_uri"),
                rs.getString("client_type"),
                split(rs.getString("redirect_uris")),
                split(rs.getString("post_logout_redirect_uris")),
                rs.getBoolean("require_mfa"),
                new ClientRecord.RefreshLifetimes(
                        Duration.ofSeconds(rs.getLong("refresh_idle_seconds")),
                        Duration.ofSeconds(rs.getLong("refresh_absolute_seconds")),
                        Duration.ofSeconds(rs.getLong("refresh_grace_seconds"))),
                split(rs.getString("claim_mappings")));
    }

    private static List<String> split(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(" "));
    }
}
