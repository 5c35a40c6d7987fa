package dev.signet.server.identity;

import dev.signet.server.MutableClock;
import dev.signet.server.TestDatabases;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.keys.KeyEncryption;
import dev.signet.server.store.Database;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** A database with tenant "t", and the identity services over it, on a clock the test moves. */
final class IdentityFixture implements AutoCloseable {

    static final String KEK = Base64.getEncoder().encodeToString(new byte[32]);

    final MutableClock clock = MutableClock.startingNow();
    final Database db;
    final AuditLog audit;
    final KeyEncryption kek;
    final Identity identity;

    IdentityFixture(String kind) {
        this(kind, PasswordHashing.DEFAULT);
    }

    IdentityFixture(String kind, PasswordHashing params) {
        db = TestDatabases.openWithTenant(kind, 10, clock.instant());
        audit = new AuditLog(db, clock);
        kek = KeyEncryption.load("TEST_KEK", Path.of("unused"), Map.of("TEST_KEK", KEK), false, w -> {});
        identity = Identity.open(db, params, kek, audit, clock);
    }

    /** Another set of services over the same database (another node, or a restart with other settings). */
    Identity reopen(PasswordHashing params) {
        return Identity.open(db, params, kek, audit, clock);
    }

    Users users() {
        return identity.users();
    }

    UserAccount create(String username, String password) {
        return users().create("t", new Users.NewUser(username, password, null, null, List.of(), false));
    }

    long hashes() {
        return users().hasher().computed();
    }

    static List<String> databases() {
        return TestDatabases.kinds();
    }

    @Override
    public void close() {
        audit.close();
        db.close();
    }
}
