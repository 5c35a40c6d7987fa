package dev.signet.server.identity;

import dev.signet.server.Secrets;
import dev.signet.server.audit.AuditEvent;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.keys.KeyEncryption;
import dev.signet.server.store.UserStore;
import dev.signet.server.store.UserStore.UserRow;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * TOTP second factor (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps, one step of clock drift
 * either way) and recovery codes. A code is accepted once: a step is accepted only when it is later
 * than the last accepted one, by one conditional UPDATE. Secrets are stored AES-256-GCM encrypted
 * under the key-encryption key, bound to tenant and user; the ten recovery codes are random (80
 * bits each), shown once and stored as SHA-256, each usable once. Checks are throttled with the
 * password's counter: a locked or backed-off account, or address, is refused without a check, and
 * a wrong code counts as a failed sign-in.
 */
public final class TotpSecondFactor implements SecondFactor {

    static final int SECRET_BYTES = 20;
    static final int MIN_SECRET_BYTES = 16;
    static final int RECOVERY_CODES = 10;
    private static final Pattern TOTP_CODE = Pattern.compile("\\d{6}");
    private static final Pattern RECOVERY_CODE = Pattern.compile("[a-z2-7]{16}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final UserStore store;
    private final Users users;
    private final KeyEncryption kek;
    private final AuditLog audit;
    private final Clock clock;

    public TotpSecondFactor(UserStore store, Users users, KeyEncryption kek, AuditLog audit, Clock clock) {
        this.store = store;
        this.users = users;
        this.kek = kek;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public boolean enrolled(String tenant, String userId) {
        return users.find(tenant, userId).map(UserAccount::totpEnrolled).orElse(false);
    }

    @Override
    public Enrolment begin(String tenant, String userId) {
        UserRow u = users.existing(tenant, userId);
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        String base32 = Base32.encode(secret);
        String uri = otpauthUri(tenant, u.username(), base32);
        return new Enrolment(base32, uri, QrSvg.of(uri));
    }

    /** {@code otpauth://totp/ISSUER:USER?secret=..&issuer=ISSUER&algorithm=SHA1&digits=6&period=30}. */
    static String otpauthUri(String issuer, String username, String base32) {
        return "otpauth://totp/" + encode(issuer) + ":" + encode(username) + "?secret=" + base32 + "&issuer="
                + encode(issuer) + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public List<String> confirm(String tenant, String userId, String base32Secret, String code) {
        UserRow u = users.existing(tenant, userId);
        byte[] key = secretBytes(base32Secret);
        if (key == null || code == null) {
            return List.of();
        }
        Instant now = clock.instant();
        Optional<Long> step = matchingStep(key, code.strip(), now);
        if (step.isEmpty()) {
            return List.of();
        }
        List<String> codes = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            byte[] r = new byte[10];
            RANDOM.nextBytes(r);
            String c = Base32.encode(r).toLowerCase(Locale.ROOT);
            hashes.add(Secrets.hash(c));
            codes.add(c.substring(0, 4) + "-" + c.substring(4, 8) + "-" + c.substring(8, 12) + "-" + c.substring(12));
        }
        String normalized = Base32.encode(key);
        if (!store.setTotp(tenant, userId, kek.encrypt(normalized, context(tenant, userId)), step.get(), hashes, now)) {
            return List.of();
        }
        audit.record(tenant, AuditEvent.USER_MFA_ENROLLED, userId, "totp and " + RECOVERY_CODES + " recovery codes");
        if (u.totpSecretEncrypted() != null) {
            users.notifyListeners(tenant, userId, "mfa_changed");
        }
        return List.copyOf(codes);
    }

    @Override
    public boolean verify(String tenant, String userId, String code, String clientAddress) {
        Optional<UserRow> row;
        try {
            row = Optional.of(users.existing(tenant, userId));
        } catch (java.util.NoSuchElementException e) {
            row = Optional.empty();
        }
        if (row.isEmpty()) {
            return false;
        }
        UserRow u = row.get();
        Instant now = clock.instant();
        boolean locked = u.lockedUntil() != null && u.lockedUntil().isAfter(now);
        if (!u.enabled() || locked || users.waitBeforeCheck(u, clientAddress, now) != null) {
            audit.signInFailed(tenant, userId, "throttled_second_factor");
            return false;
        }
        String c = code == null
                ? ""
                : code.strip().replace(" ", "").replace("-", "").toLowerCase(Locale.ROOT);
        boolean ok = false;
        if (TOTP_CODE.matcher(c).matches()) {
            if (u.totpSecretEncrypted() != null) {
                byte[] key = Base32.decode(kek.decrypt(u.totpSecretEncrypted(), context(tenant, userId)));
                long current = Totp.step(now.getEpochSecond());
                for (long s = current - 1; s <= current + 1 && !ok; s++) {
                    ok = same(Totp.code(key, s, Totp.DIGITS), c) && store.acceptTotpStep(tenant, userId, s);
                }
            }
        } else if (RECOVERY_CODE.matcher(c).matches()) {
            ok = store.useRecoveryCode(tenant, userId, Secrets.hash(c), now);
        }
        if (ok) {
            if (u.failedAttempts() != 0) {
                store.clearFailures(tenant, userId, now);
            }
            return true;
        }
        users.failed(tenant, u, u.usernameKey(), clientAddress, now, "wrong_second_factor");
        return false;
    }

    /** How many recovery codes the user has left. */
    public int recoveryCodesLeft(String tenant, String userId) {
        return store.unusedRecoveryCodes(tenant, userId);
    }

    /** A Base32 TOTP secret given in the bootstrap, encrypted for a user (null when none). */
    Users.TotpSecret bootstrapSecret(String base32) {
        byte[] key = secretBytes(base32);
        if (key == null) {
            throw new IdentityRuleViolation(
                    "totp-secret", "expected an RFC 4648 Base32 secret of at least " + MIN_SECRET_BYTES + " bytes");
        }
        String normalized = Base32.encode(key);
        return (tenant, userId) -> kek.encrypt(normalized, context(tenant, userId));
    }

    /** Whether {@code base32} is an RFC 4648 Base32 secret of at least 128 bits. */
    public static boolean validSecret(String base32) {
        return secretBytes(base32) != null;
    }

    /** The secret's bytes, or null when it is not Base32 or too short to be a secret. */
    static byte[] secretBytes(String base32) {
        if (base32 == null || base32.length() > 256) {
            return null;
        }
        try {
            byte[] key = Base32.decode(base32);
            return key.length >= MIN_SECRET_BYTES ? key : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The step among now ± 1 whose code is {@code code}, without recording it. */
    private static Optional<Long> matchingStep(byte[] key, String code, Instant now) {
        if (!TOTP_CODE.matcher(code).matches()) {
            return Optional.empty();
        }
        long current = Totp.step(now.getEpochSecond());
        for (long s = current - 1; s <= current + 1; s++) {
            if (same(Totp.code(key, s, Totp.DIGITS), code)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    /** The associated data a user's secret is encrypted with: it decrypts for no other row. */
    private static String context(String tenant, String userId) {
        return "totp/" + tenant + "/" + userId;
    }
}
