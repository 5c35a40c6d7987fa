package dev.signet.server.signin;

import dev.signet.server.identity.PasswordSignIn;
import dev.signet.server.identity.SecondFactor;
import dev.signet.server.identity.UserAccount;
import dev.signet.server.identity.UserDirectory;
import dev.signet.server.oauth.AuthorizationCodes;
import dev.signet.server.oauth.SessionRevocation;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * In-memory stand-ins for the identity, client and code ports: users with passwords and TOTP
 * secrets, a lockout after {@link #LOCK_AFTER} failures, codes and revocations recorded.
 */
final class FakeIdentity
        implements PasswordSignIn, SecondFactor, UserDirectory, PasswordChange, AuthorizationCodes, SessionRevocation {

    static final int LOCK_AFTER = 5;

    /** A user: mutable where the flow changes them. */
    static final class User {
        final String userId = "u-" + UUID.randomUUID();
        final String username;
        volatile String password;
        volatile String totpSecret;
        volatile boolean passwordChangeRequired;
        volatile boolean enabled = true;
        final Set<String> recoveryCodes = ConcurrentHashMap.newKeySet();
        final Set<Long> usedSteps = ConcurrentHashMap.newKeySet();
        final java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();

        User(String username, String password) {
            this.username = username;
            this.password = password;
        }
    }

    final Map<String, User> byName = new ConcurrentHashMap<>();
    final Map<String, SignInClients.Client> clients = new ConcurrentHashMap<>();
    final List<Grant> grants = new CopyOnWriteArrayList<>();
    final List<String> revokedSids = new CopyOnWriteArrayList<>();
    final List<String> signInAttempts = new CopyOnWriteArrayList<>();
    private final Clock clock;

    FakeIdentity(Clock clock) {
        this.clock = clock;
    }

    User add(String username, String password) {
        User u = new User(username, password);
        byName.put(username, u);
        return u;
    }

    void add(SignInClients.Client c) {
        clients.put(c.clientId(), c);
    }

    private Optional<User> byId(String userId) {
        return byName.values().stream().filter(u -> u.userId.equals(userId)).findFirst();
    }

    SignInPorts ports() {
        return new SignInPorts((t, id) -> Optional.ofNullable(clients.get(id)), this, this, this, this, this, this);
    }

    @Override
    public Result signIn(String tenant, String username, String password, String clientAddress) {
        signInAttempts.add(username);
        User u = byName.get(username);
        if (u != null && u.failures.get() >= LOCK_AFTER) {
            return new Result(Outcome.THROTTLED, null, Duration.ofMinutes(15));
        }
        if (u == null || !u.password.equals(password) || !u.enabled) {
            if (u != null) {
                u.failures.incrementAndGet();
            }
            return new Result(Outcome.REFUSED, null, null);
        }
        u.failures.set(0);
        return new Result(
                u.passwordChangeRequired ? Outcome.PASSWORD_CHANGE_REQUIRED : Outcome.ACCEPTED, account(u), null);
    }

    private static UserAccount account(User u) {
        return new UserAccount(
                "default",
                u.userId,
                u.username,
                u.username + "@example.com",
                true,
                u.username,
                List.of(),
                u.enabled,
                u.passwordChangeRequired,
                u.totpSecret != null);
    }

    @Override
    public Optional<UserAccount> find(String tenant, String userId) {
        return byId(userId).map(FakeIdentity::account);
    }

    @Override
    public Optional<String> change(String tenant, String userId, String newPassword) {
        if (newPassword.length() < 12) {
            return Optional.of("The password must have at least 12 characters.");
        }
        User u = byId(userId).orElseThrow();
        u.password = newPassword;
        u.passwordChangeRequired = false;
        return Optional.empty();
    }

    @Override
    public boolean enrolled(String tenant, String userId) {
        return byId(userId).map(u -> u.totpSecret != null).orElse(false);
    }

    @Override
    public Enrolment begin(String tenant, String userId) {
        String secret = Totp.newSecret();
        return new Enrolment(
                secret,
                "otpauth://totp/signet:" + userId + "?secret=" + secret,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">"
                        + "<rect width=\"10\" height=\"10\"/></svg>");
    }

    @Override
    public List<String> confirm(String tenant, String userId, String base32Secret, String code) {
        if (!matches(base32Secret, code, new HashSet<>())) {
            return List.of();
        }
        User u = byId(userId).orElseThrow();
        u.totpSecret = base32Secret;
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            codes.add(UUID.randomUUID().toString().substring(0, 10));
        }
        u.recoveryCodes.clear();
        u.recoveryCodes.addAll(codes);
        return codes;
    }

    @Override
    public boolean verify(String tenant, String userId, String code, String clientAddress) {
        User u = byId(userId).orElse(null);
        if (u == null || u.totpSecret == null) {
            return false;
        }
        return u.recoveryCodes.remove(code) || matches(u.totpSecret, code, u.usedSteps);
    }

    private boolean matches(String secret, String code, Set<Long> used) {
        long now = clock.instant().getEpochSecond() / 30;
        for (long step = now - 1; step <= now + 1; step++) {
            if (Totp.code(secret, step).equals(code) && used.add(step)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String issue(Grant grant) {
        grants.add(grant);
        return "code-" + grants.size() + "-" + UUID.randomUUID();
    }

    Grant lastGrant() {
        return grants.get(grants.size() - 1);
    }

    @Override
    public int revokeSession(String tenant, String sid, String reason) {
        revokedSids.add(sid);
        return 1;
    }
}
