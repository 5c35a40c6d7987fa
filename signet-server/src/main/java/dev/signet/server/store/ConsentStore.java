package dev.signet.server.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.jdbi.v3.core.Jdbi;

/** What each user allowed each client: the scopes consented to so far. */
public final class ConsentStore {

    private final Jdbi jdbi;
    private final Database db;

    public ConsentStore(Database db) {
        this.db = db;
        this.jdbi = db.jdbi();
    }

    /** The scopes {@code userId} allowed {@code clientId}, or empty when they never consented. */
    public Optional<List<String>> find(String tenant, String userId, String clientId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT scopes FROM consents WHERE tenant = :tenant"
                        + " AND user_id = :user AND client_id = :client")
                .bind("tenant", tenant)
                .bind("user", userId)
                .bind("client", clientId)
                .mapTo(String.class)
                .findOne()
                .map(ConsentStore::split));
    }

    /** Adds {@code scopes} to what the user allowed the client (kept as one sorted set). */
    public void grant(String tenant, String userId, String clientId, List<String> scopes, Instant at) {
        jdbi.useTransaction(h -> {
            db.lockForWriting(h);
            TreeSet<String> all = new TreeSet<>(scopes);
            Optional<String> existing = h.createQuery("SELECT scopes FROM consents WHERE tenant = :tenant"
                            + " AND user_id = :user AND client_id = :client" + db.forUpdate())
                    .bind("tenant", tenant)
                    .bind("user", userId)
                    .bind("client", clientId)
                    .mapTo(String.class)
                    .findOne();
            existing.ifPresent(s -> all.addAll(split(s)));
            String joined = String.join(" ", all);
            if (existing.isPresent()) {
                h.createUpdate("UPDATE consents SET scopes = :scopes, granted_at = :at WHERE tenant = :tenant"
                                + " AND user_id = :user AND client_id = :client")
                        .bind("scopes", joined)
                        .bind("at", Database.ts(at))
                        .bind("tenant", tenant)
                        .bind("user", userId)
                        .bind("client", clientId)
                        .execute();
            } else {
                h.createUpdate("INSERT INTO consents (tenant, user_id, client_id, scopes, granted_at)"
                                + " VALUES (:tenant, :user, :client, :scopes, :at)")
                        .bind("tenant", tenant)
                        .bind("user", userId)
                        .bind("client", clientId)
                        .bind("scopes", joined)
                        .bind("at", Database.ts(at))
                        .execute();
            }
        });
    }

    private static List<String> split(String s) {
        return s.isEmpty() ? List.of() : Arrays.asList(s.split(" "));
    }
}
