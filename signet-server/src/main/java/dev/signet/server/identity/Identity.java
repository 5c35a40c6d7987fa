package dev.signet.server.identity;

import dev.signet.server.audit.AuditLog;
import dev.signet.server.keys.KeyEncryption;
import dev.signet.server.store.Database;
import dev.signet.server.store.UserStore;
import java.time.Clock;

/**
 * The identity services over one database: {@link #users()} (password sign-in, the user directory,
 * management) and {@link #secondFactor()} (TOTP and recovery codes), sharing one Argon2id hasher
 * and one throttle, so a password failure and a wrong code count against the same account.
 */
public final class Identity {

    private final Users users;
    private final TotpSecondFactor secondFactor;

    private Identity(Users users, TotpSecondFactor secondFactor) {
        this.users = users;
        this.secondFactor = secondFactor;
    }

    /** Builds the services (nothing is read or written until they are used). */
    public static Identity open(Database db, PasswordHashing params, KeyEncryption kek, AuditLog audit, Clock clock) {
        UserStore store = new UserStore(db);
        Users users = new Users(store, new Argon2id(params), new SignInThrottle(), audit, clock);
        return new Identity(users, new TotpSecondFactor(store, users, kek, audit, clock));
    }

    /** Password sign-in, the directory ({@link UserDirectory}) and user management. */
    public Users users() {
        return users;
    }

    /** TOTP and recovery codes. */
    public TotpSecondFactor secondFactor() {
        return secondFactor;
    }
}
