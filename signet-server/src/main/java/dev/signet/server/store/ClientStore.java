package dev.signet.server.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** OAuth clients per tenant. Lists are stored space-separated (none of their values may hold a space). */
public final class ClientStore {

    private static final String COLUMNS = "tenant, client_id, secret_hash, grants, scopes, audiences, token_format,"
            + " auth_method, enabled, jwks, jwks_uri";

    private final Jdbi jdbi;

    public ClientStore(Database db) {
        this.jdbi = db.jdbi();
    }

    /** Creates or updates a client; true when something changed. */
    public boolean upsert(ClientRecord c, Instant now) {
        return jdbi.inTransaction(h -> {
            Optional<ClientRecord> old = h.createQuery("SELECT " + COLUMNS
                            + " FROM clients WHERE tenant = :tenant AND client_id = :id FOR UPDATE")
                    .bind("tenant", c.tenant()).bind("id", c.clientId())
                    .map((rs, ctx) -> map(rs))
                    .findOne();
            if (old.isPresent() && old.get().equals(c)) {
                return false;
            }
            String sql = old.isEmpty()
                    ? "INSERT INTO clients (" + COLUMNS + ", created_at, updated_at) VALUES (:tenant, :id, :hash,"
                            + " :grants, :scopes, :audiences, :format, :method, :enabled, :jwks, :jwksUri, :now, :now)"
                    : "UPDATE clients SET secret_hash = :hash, grants = :grants, scopes = :scopes, audiences = :audiences,"
                            + " token_format = :format, auth_method = :method, enabled = :enabled, jwks = :jwks, jwks_uri = :jwksUri,"
                            + " updated_at = :now"
                            + " WHERE tenant = :tenant AND client_id = :id";
            h.createUpdate(sql)
                    .bind("tenant", c.tenant()).bind("id", c.clientId()).bind("hash", c.secretHash())
                    .bind("grants", String.join(" ", c.grants())).bind("scopes", String.join(" ", c.scopes()))
                    .bind("audiences", String.join(" ", c.audiences())).bind("format", c.tokenFormat())
                    .bind("method", c.authMethod()).bind("enabled", c.enabled()).bind("jwks", c.jwks()).bind("jwksUri", c.jwksUri())
                    .bind("now", Database.ts(now))
                    .execute();
            return true;
        });
    }

    public Optional<ClientRecord> find(String tenant, String clientId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM clients WHERE tenant = :tenant AND client_id = :id")
                .bind("tenant", tenant).bind("id", clientId)
                .map((rs, ctx) -> map(rs))
                .findOne());
    }

    public List<ClientRecord> list(String tenant) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM clients WHERE tenant = :tenant ORDER BY client_id")
                .bind("tenant", tenant)
                .map((rs, ctx) -> map(rs))
                .list());
    }

    private static ClientRecord map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new ClientRecord(rs.getString("tenant"), rs.getString("client_id"), rs.getString("secret_hash"),
                split(rs.getString("grants")), split(rs.getString("scopes")), split(rs.getString("audiences")),
                rs.getString("token_format"), rs.getString("auth_method"), rs.getBoolean("enabled"),
                rs.getString("jwks"), rs.getString("jwks_uri"));
    }

    private static List<String> split(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(" "));
    }
}
