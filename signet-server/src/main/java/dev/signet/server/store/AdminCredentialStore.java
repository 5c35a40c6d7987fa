package dev.signet.server.store;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Admin credentials: an id and the SHA-256 of a random secret. */
public final class AdminCredentialStore {

    private final Jdbi jdbi;

    public AdminCredentialStore(Database db) {
        this.jdbi = db.jdbi();
    }

    /** Inserts the credential unless one with this id exists; true when inserted. */
    public boolean insertIfAbsent(String id, String secretHash, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO admin_credentials (id, secret_hash, created_at)"
                                + " VALUES (:id, :hash, :now) ON CONFLICT (id) DO NOTHING")
                        .bind("id", id)
                        .bind("hash", secretHash)
                        .bind("now", Database.ts(now))
                        .execute()
                == 1);
    }

    public Optional<String> secretHash(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT secret_hash FROM admin_credentials WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .findOne());
    }
}
