package dev.signet.server.identity;

import dev.signet.jose.UntrustedText;
import dev.signet.server.Secrets;
import dev.signet.server.audit.AuditEvent;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.store.UserStore;
import dev.signet.server.store.UserStore.UserRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users of every tenant: password sign-in with its throttling and account states, and their
 * management (create, list, disable, enable, unlock, password change and reset, second factor reset).
 *
 * <p>Sign-in answers an unknown username exactly as a wrong password: the password is checked
 * against a dummy hash of the same cost, and the failure is counted by the same rules
 * ({@link SignInThrottle}). A throttled attempt is answered before anything is hashed, so a flood
 * of guesses costs a look-up, not 19 MiB and 30 ms of CPU each. Changes that must end what a user
 * holds (password changed or reset, second factor reset, account disabled) are told to the
 * {@linkplain #addListener listeners} once they have committed.
 */
public final class Users implements PasswordSignIn, UserDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(Users.class);
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final int MAX_ROLES = 50;
    /** A user id no user has (ids are Base64URL; this holds a character outside it). */
    private static final String NO_USER = "*".repeat(22);

    private static final int MAX_EMAIL = 320;
    private static final int MAX_NAME = 256;
    /** How long a one-time password reset link works. */
    public static final Duration RESET_LINK_LIFETIME = Duration.ofMinutes(30);

    /** What {@link #create} needs; {@code password} is checked against the {@link PasswordPolicy}. */
    public record NewUser(
            String username,
            String password,
            String email,
            String name,
            List<String> roles,
            boolean passwordChangeRequired) {

        public NewUser {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }

        @Override
        public String toString() {
            return "NewUser[" + username + "]";
        }
    }

    /** A one-time password reset link's secret (shown once) and when it stops working. */
    public record ResetLink(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "ResetLink[expires " + expiresAt + "]";
        }
    }

    /** The username is taken in the tenant. */
    public static final class UsernameTaken extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsernameTaken(String message) {
            super(message);
        }
    }

    private final UserStore store;
    private final Argon2id hasher;
    private final SignInThrottle throttle;
    private final AuditLog audit;
    private final Clock clock;
    private final List<CredentialChangeListener> listeners = new CopyOnWriteArrayList<>();
    private final List<java.util.function.BiConsumer<String, Outcome>> observers = new CopyOnWriteArrayList<>();

    public Users(UserStore store, Argon2id hasher, SignInThrottle throttle, AuditLog audit, Clock clock) {
        this.store = store;
        this.hasher = hasher;
        this.throttle = throttle;
        this.audit = audit;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ sign-in

    @Override
    public Result signIn(String tenant, String username, String password, String clientAddress) {
        Result r = attempt(tenant, username, password, clientAddress);
        for (java.util.function.BiConsumer<String, Outcome> o : observers) {
            o.accept(tenant, r.outcome());
        }
        return r;
    }

    /** Adds an observer of every sign-in's outcome (the metrics). */
    public void observe(java.util.function.BiConsumer<String, Outcome> observer) {
        observers.add(observer);
    }

    private Result attempt(String tenant, String username, String password, String clientAddress) {
        Instant now = clock.instant();
        String address = clientAddress;
        Duration addressWait = throttle.addressWait(address, now);
        if (addressWait != null) {
            audit.signInFailed(tenant, null, "throttled_address");
            return throttled(addressWait);
        }
        String key = username != null && Usernames.valid(username) ? Usernames.key(username) : null;
        UserRow user = key == null ? null : store.findByUsernameKey(tenant, key).orElse(null);
        Duration wait;
        if (user != null) {
            wait = SignInThrottle.accountWait(user.failedAttempts(), user.lastFailureAt(), now);
        } else {
            wait = key == null ? null : throttle.unknownWait(tenant, key, now);
        }
        if (wait != null) {
            audit.signInFailed(tenant, user == null ? null : user.userId(), "throttled_account");
            return throttled(wait);
        }
        String pw = password == null ? "" : password;
        boolean matches;
        if (user == null || !PasswordPolicy.withinBytes(pw)) {
            matches = hasher.verifyDummy(PasswordPolicy.withinBytes(pw) ? pw : "");
        } else {
            matches = hasher.verify(pw, user.passwordHash());
        }
        boolean locked =
                user != null && user.lockedUntil() != null && user.lockedUntil().isAfter(now);
        if (user == null || !matches || !user.enabled() || locked) {
            String reason = user == null
                    ? "unknown_user"
                    : !matches ? "wrong_password" : !user.enabled() ? "account_disabled" : "account_locked";
            failed(tenant, user, key, address, now, reason);
            return new Result(Outcome.REFUSED, null, null);
        }
        if (user.failedAttempts() != 0 || user.lockedUntil() != null) {
            store.clearFailures(tenant, user.userId(), now);
        }
        if (hasher.needsRehash(user.passwordHash())) {
            store.replaceHash(tenant, user.userId(), user.passwordHash(), hasher.hash(pw), now);
        }
        UserAccount account = account(user);
        return new Result(
                user.passwordChangeRequired() ? Outcome.PASSWORD_CHANGE_REQUIRED : Outcome.ACCEPTED, account, null);
    }

    /** Counts a failure against the account (or the unknown username) and the address (when known), and audits it. */
    void failed(String tenant, UserRow user, String key, String address, Instant now, String reason) {
        if (user != null) {
            Optional<UserStore.Failures> f = store.recordFailure(
                    tenant, user.userId(), now, SignInThrottle.LOCK_AT, now.plus(SignInThrottle.LOCK_DURATION));
            if (f.isPresent() && f.get().lockedNow()) {
                audit.record(
                        tenant,
                        AuditEvent.USER_LOCKED,
                        user.userId(),
                        SignInThrottle.LOCK_AT + " consecutive failures; locked until "
                                + f.get().lockedUntil());
            }
        } else if (key != null) {
            throttle.unknownFailed(tenant, key, now);
            // The same statement a real account's failure runs (it matches no row: no user id has
            // this form), so the database's share of the answer's time is alike too.
            store.recordFailure(tenant, NO_USER, now, SignInThrottle.LOCK_AT, now.plus(SignInThrottle.LOCK_DURATION));
        }
        throttle.addressFailed(address, now);
        audit.signInFailed(tenant, user == null ? null : user.userId(), reason);
    }

    /** Whether the account or the address must wait before a second-factor check; null when neither. */
    Duration waitBeforeCheck(UserRow user, String address, Instant now) {
        Duration w = throttle.addressWait(address, now);
        return w != null ? w : SignInThrottle.accountWait(user.failedAttempts(), user.lastFailureAt(), now);
    }

    private static Result throttled(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new Result(Outcome.THROTTLED, null, Duration.ofSeconds(seconds));
    }

    /** The hasher (tests count its computations). */
    Argon2id hasher() {
        return hasher;
    }

    // ------------------------------------------------------------------ look-ups

    @Override
    public Optional<UserAccount> find(String tenant, String userId) {
        if (userId == null || !USER_ID.matcher(userId).matches()) {
            return Optional.empty();
        }
        return store.find(tenant, userId).map(Users::account);
    }

    /** The user whose username (compared as {@link Usernames#key}) is {@code username}. */
    public Optional<UserAccount> findByUsername(String tenant, String username) {
        if (username == null || !Usernames.valid(username)) {
            return Optional.empty();
        }
        return store.findByUsernameKey(tenant, Usernames.key(username)).map(Users::account);
    }

    /** Every user of the tenant, by username. */
    public List<UserAccount> list(String tenant) {
        return store.list(tenant).stream().map(Users::account).toList();
    }

    /** Whether the account is locked now (too many failures), for the admin API. */
    public Optional<Instant> lockedUntil(String tenant, String userId) {
        return store.find(tenant, userId).map(UserRow::lockedUntil).filter(t -> t.isAfter(clock.instant()));
    }

    /** Whether every sign-in to {@code tenant} must pass a second factor. */
    public boolean tenantRequiresMfa(String tenant) {
        return store.requireMfa(tenant);
    }

    /** Sets the tenant's MFA requirement (bootstrap); true when it changed. */
    public boolean setTenantRequiresMfa(String tenant, boolean required) {
        return store.setRequireMfa(tenant, required, clock.instant());
    }

    // ------------------------------------------------------------------ management

    /**
     * Creates a user with a new random id.
     *
     * @throws IdentityRuleViolation naming the field that breaks a rule
     * @throws UsernameTaken when the username (as compared) exists in the tenant
     */
    public UserAccount create(String tenant, NewUser u) {
        return create(tenant, u, null, "admin");
    }

    /** Creates a user, with an already encrypted TOTP secret when {@code totpSecretEncrypted} is set (bootstrap). */
    UserAccount create(String tenant, NewUser u, TotpSecret totp, String by) {
        String username = Usernames.check("username", u.username());
        PasswordPolicy.check("password", u.password());
        String email = email("email", u.email());
        String name = optional("name", u.name(), MAX_NAME);
        List<String> roles = roles("roles", u.roles());
        Instant now = clock.instant();
        String key = Usernames.key(username);
        String hash = hasher.hash(u.password());
        String userId = Secrets.randomId();
        UserRow row = new UserRow(
                tenant,
                userId,
                key,
                username,
                email,
                false,
                name,
                roles,
                true,
                u.passwordChangeRequired(),
                hash,
                0,
                null,
                null,
                totp == null ? null : totp.encryptedFor(tenant, userId),
                null,
                now);
        if (!store.insert(row, now)) {
            throw new UsernameTaken(
                    "username " + UntrustedText.printable(username) + " exists already in tenant " + tenant);
        }
        throttle.forgetUnknown(tenant, key);
        audit.record(
                tenant,
                AuditEvent.USER_CREATED,
                userId,
                "by " + by + " roles=" + roles + (totp == null ? "" : " totp=enrolled")
                        + (u.passwordChangeRequired() ? " password_change_required" : ""));
        return account(row);
    }

    /** A TOTP secret given at creation, encrypted for the user once its id is known. */
    @FunctionalInterface
    interface TotpSecret {
        String encryptedFor(String tenant, String userId);
    }

    /** Changes email, name and roles (bootstrap); true when something changed. */
    boolean updateProfile(String tenant, String userId, String email, String name, List<String> roles) {
        return store.setProfile(
                tenant,
                userId,
                email("email", email),
                optional("name", name, MAX_NAME),
                roles("roles", roles),
                clock.instant());
    }

    /** Disables the account: it can no longer sign in, and what it holds is revoked. */
    public UserAccount disable(String tenant, String userId) {
        UserRow u = existing(tenant, userId);
        if (store.setEnabled(tenant, userId, false, clock.instant())) {
            audit.record(tenant, AuditEvent.USER_DISABLED, userId, null);
            notifyListeners(tenant, userId, "account_disabled");
        }
        return account(existing(tenant, u.userId()));
    }

    public UserAccount enable(String tenant, String userId) {
        existing(tenant, userId);
        if (store.setEnabled(tenant, userId, true, clock.instant())) {
            audit.record(tenant, AuditEvent.USER_ENABLED, userId, null);
        }
        return account(existing(tenant, userId));
    }

    /** Lifts a lock and sets the failure counter back to zero. */
    public UserAccount unlock(String tenant, String userId) {
        existing(tenant, userId);
        store.clearFailures(tenant, userId, clock.instant());
        audit.record(tenant, AuditEvent.USER_UNLOCKED, userId, null);
        return account(existing(tenant, userId));
    }

    /**
     * Resets the password: with {@code temporaryPassword}, that becomes the password; either way the
     * user must choose a new one at the next sign-in, and what they hold is revoked.
     *
     * @throws IdentityRuleViolation when the temporary password breaks the policy
     */
    public UserAccount resetPassword(String tenant, String userId, String temporaryPassword) {
        existing(tenant, userId);
        Instant now = clock.instant();
        if (temporaryPassword != null) {
            PasswordPolicy.check("password", temporaryPassword);
            store.setPassword(tenant, userId, hasher.hash(temporaryPassword), true, now);
        } else {
            store.requirePasswordChange(tenant, userId, now);
        }
        audit.record(
                tenant,
                AuditEvent.USER_PASSWORD_RESET,
                userId,
                temporaryPassword != null ? "temporary password, change required" : "change required");
        notifyListeners(tenant, userId, "password_reset");
        return account(existing(tenant, userId));
    }

    /**
     * Issues a one-time link secret with which the user sets a new password ({@link #resetWithLink})
     * within {@link #RESET_LINK_LIFETIME}; earlier links stop working. The current password keeps
     * working until the link is used, so nothing is revoked yet.
     */
    public ResetLink issueResetLink(String tenant, String userId) {
        existing(tenant, userId);
        Instant now = clock.instant();
        String token = Secrets.generate();
        Instant expires = now.plus(RESET_LINK_LIFETIME);
        store.insertPasswordReset(Secrets.hash(token), tenant, userId, expires, now);
        audit.record(tenant, AuditEvent.USER_PASSWORD_RESET, userId, "one-time link until " + expires);
        return new ResetLink(token, expires);
    }

    /**
     * Sets a new password with a link secret from {@link #issueResetLink}; the link is used up.
     *
     * @return the user, or empty when the link is unknown, used or expired
     * @throws IdentityRuleViolation when the new password breaks the policy (the link stays usable)
     */
    public Optional<UserAccount> resetWithLink(String tenant, String token, String newPassword) {
        PasswordPolicy.check("password", newPassword);
        if (token == null || token.length() > 128) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<String> userId = store.consumePasswordReset(tenant, Secrets.hash(token), now);
        if (userId.isEmpty()) {
            return Optional.empty();
        }
        store.setPassword(tenant, userId.get(), hasher.hash(newPassword), false, now);
        audit.record(tenant, AuditEvent.USER_PASSWORD_CHANGED, userId.get(), "through a one-time link");
        notifyListeners(tenant, userId.get(), "password_reset");
        return find(tenant, userId.get());
    }

    /**
     * The user changes their password. {@code currentPassword} must match, except when it is null
     * and the account must change its password (the sign-in that said so has just checked it).
     *
     * @return false when the current password does not match (counted as a failed sign-in), or the
     *     account is backed off or locked (then it is not checked)
     * @throws IdentityRuleViolation when the new password breaks the policy or equals the current one
     * @throws IllegalStateException when no current password is given and no change was required
     */
    public boolean changePassword(String tenant, String userId, String currentPassword, String newPassword) {
        UserRow u = existing(tenant, userId);
        PasswordPolicy.check("new_password", newPassword);
        Instant now = clock.instant();
        if (currentPassword == null) {
            if (!u.passwordChangeRequired()) {
                throw new IllegalStateException("the current password is needed to change it");
            }
        } else if (SignInThrottle.accountWait(u.failedAttempts(), u.lastFailureAt(), now) != null
                || (u.lockedUntil() != null && u.lockedUntil().isAfter(now))) {
            return false; // backed off or locked: the current password is not even checked
        } else if (!hasher.verify(currentPassword, u.passwordHash())) {
            failed(tenant, u, u.usernameKey(), null, now, "wrong_password");
            return false;
        }
        if (hasher.verify(newPassword, u.passwordHash())) {
            throw new IdentityRuleViolation("new_password", "the new password must differ from the current one");
        }
        store.setPassword(tenant, userId, hasher.hash(newPassword), false, now);
        audit.record(tenant, AuditEvent.USER_PASSWORD_CHANGED, userId, null);
        notifyListeners(tenant, userId, "password_changed");
        return true;
    }

    /** Removes the user's TOTP secret and recovery codes; they enrol again at their next sign-in. */
    public UserAccount resetMfa(String tenant, String userId) {
        existing(tenant, userId);
        store.clearSecondFactor(tenant, userId, clock.instant());
        audit.record(tenant, AuditEvent.USER_MFA_RESET, userId, null);
        notifyListeners(tenant, userId, "mfa_reset");
        return account(existing(tenant, userId));
    }

    /** Adds a listener told (after commit) of every change that must end what a user holds. */
    public void addListener(CredentialChangeListener listener) {
        listeners.add(listener);
    }

    /** Tells the listeners; a listener that fails is logged and does not stop the others. */
    void notifyListeners(String tenant, String userId, String reason) {
        for (CredentialChangeListener l : listeners) {
            try {
                l.credentialsChanged(tenant, userId, reason);
            } catch (RuntimeException e) {
                LOG.error("a credential change listener failed for {} in tenant {} ({})", userId, tenant, reason, e);
            }
        }
    }

    UserRow existing(String tenant, String userId) {
        Optional<UserRow> u =
                userId != null && USER_ID.matcher(userId).matches() ? store.find(tenant, userId) : Optional.empty();
        return u.orElseThrow(() -> new NoSuchElementException(
                "no user " + UntrustedText.printable(String.valueOf(userId)) + " in tenant " + tenant));
    }

    static UserAccount account(UserRow u) {
        return new UserAccount(
                u.tenant(),
                u.userId(),
                u.username(),
                u.email(),
                u.emailVerified(),
                u.name(),
                u.roles(),
                u.enabled(),
                u.passwordChangeRequired(),
                u.totpSecretEncrypted() != null);
    }

    // ------------------------------------------------------------------ field rules

    /**
     * Role names as given, each once: 1 to 64 of letters, digits and {@code . _ : -}.
     *
     * @throws IdentityRuleViolation naming {@code field}
     */
    public static List<String> roles(String field, List<String> roles) {
        if (roles == null) {
            return List.of();
        }
        if (roles.size() > MAX_ROLES) {
            throw new IdentityRuleViolation(field, "at most " + MAX_ROLES + " roles");
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String r : roles) {
            if (r == null || !ROLE.matcher(r).matches()) {
                throw new IdentityRuleViolation(
                        field,
                        "'" + UntrustedText.printable(String.valueOf(r)) + "' is not a role name: 1 to 64 letters,"
                                + " digits and . _ : -, starting with a letter or digit");
            }
            out.add(r);
        }
        return new ArrayList<>(out);
    }

    /**
     * An email address (a loose check: one {@code @}, no spaces or controls), or null for none.
     *
     * @throws IdentityRuleViolation naming {@code field}
     */
    public static String email(String field, String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        String e = email.strip();
        int at = e.indexOf('@');
        if (e.length() > MAX_EMAIL
                || at <= 0
                || at != e.lastIndexOf('@')
                || at == e.length() - 1
                || e.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IdentityRuleViolation(field, "expected an email address such as alice@example.com");
        }
        return e;
    }

    /**
     * A display name: at most 256 characters, without control characters; null for none.
     *
     * @throws IdentityRuleViolation naming {@code field}
     */
    public static String displayName(String field, String name) {
        return optional(field, name, MAX_NAME);
    }

    private static String optional(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.length() > max || v.chars().anyMatch(Character::isISOControl)) {
            throw new IdentityRuleViolation(field, "at most " + max + " characters, without control characters");
        }
        return v;
    }
}
