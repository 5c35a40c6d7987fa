package dev.signet.server.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.signet.server.oauth.AuthenticationThrottle;
import java.time.Duration;
import java.time.Instant;

/**
 * When a sign-in is answered {@code THROTTLED} without its password being hashed, and when an
 * account locks. Per account: from the {@value #ACCOUNT_BACKOFF_FROM}th consecutive failure the
 * next attempt waits 1 s, then twice as long after each further failure (at most
 * {@link #MAX_WAIT}); the {@value #LOCK_AT}th locks it for {@link #LOCK_DURATION}. Per client
 * address (an IPv6 address by its /64, as for client authentication): from the
 * {@value #ADDRESS_BACKOFF_FROM}th failure within {@link #ADDRESS_WINDOW}, the same doubling wait.
 *
 * <p>Known accounts count in the database (every node sees the same counter); usernames that name
 * nobody are counted here by the same rules, so the answers for them, throttled or not, are the
 * answers a real account would get. Both in-memory tables are bounded: addresses by count, unknown
 * usernames by their size, and both forget what is older than the rules look back.
 */
public final class SignInThrottle {

    public static final int ACCOUNT_BACKOFF_FROM = 5;
    public static final int LOCK_AT = 10;
    public static final Duration LOCK_DURATION = Duration.ofMinutes(15);
    public static final int ADDRESS_BACKOFF_FROM = 20;
    public static final Duration ADDRESS_WINDOW = Duration.ofMinutes(15);
    public static final Duration MAX_WAIT = Duration.ofMinutes(15);
    static final int MAX_ADDRESSES = 20_000;
    static final long MAX_UNKNOWN_BYTES = 4L << 20;

    /** Failures of one client address in the current window; changed only inside compute. */
    private static final class AddressFailures {
        Instant windowStart;
        int count;
        Instant last;
    }

    /** The counter of a username that names nobody, kept as the database keeps a real account's. */
    private record UnknownFailures(int attempts, Instant last, Instant lockedUntil) {}

    private final Cache<String, AddressFailures> addresses = Caffeine.newBuilder()
            .maximumSize(MAX_ADDRESSES)
            .expireAfterAccess(ADDRESS_WINDOW.plus(MAX_WAIT))
            .executor(Runnable::run)
            .build();
    private final Cache<String, UnknownFailures> unknown = Caffeine.newBuilder()
            .maximumWeight(MAX_UNKNOWN_BYTES)
            .weigher((String k, UnknownFailures v) -> 2 * k.length() + 120)
            .expireAfterWrite(LOCK_DURATION.plus(MAX_WAIT).multipliedBy(2))
            .executor(Runnable::run)
            .build();

    /** How long an account with {@code failures} consecutive failures, the last at {@code last}, waits; null: not. */
    public static Duration accountWait(int failures, Instant last, Instant now) {
        return waitAfter(failures, ACCOUNT_BACKOFF_FROM, last, now);
    }

    /** How long the address must wait before its next attempt is checked; null when it need not (or is null). */
    public Duration addressWait(String address, Instant now) {
        AddressFailures f = address == null ? null : addresses.getIfPresent(AuthenticationThrottle.addressKey(address));
        if (f == null) {
            return null;
        }
        synchronized (f) {
            if (f.windowStart == null || !now.isBefore(f.windowStart.plus(ADDRESS_WINDOW))) {
                return null;
            }
            return waitAfter(f.count, ADDRESS_BACKOFF_FROM, f.last, now);
        }
    }

    /** Counts a failure of the address. */
    public void addressFailed(String address, Instant now) {
        if (address == null) {
            return; // not an attempt from the network (a password change checked in a session)
        }
        addresses.asMap().compute(AuthenticationThrottle.addressKey(address), (k, f) -> {
            AddressFailures out = f == null ? new AddressFailures() : f;
            synchronized (out) {
                if (out.windowStart == null || !now.isBefore(out.windowStart.plus(ADDRESS_WINDOW))) {
                    out.windowStart = now;
                    out.count = 0;
                }
                out.count++;
                out.last = now;
            }
            return out;
        });
    }

    /** The wait of a username that names nobody in {@code tenant} (by its key); null when it need not. */
    Duration unknownWait(String tenant, String usernameKey, Instant now) {
        UnknownFailures f = unknown.getIfPresent(tenant + '\n' + usernameKey);
        return f == null ? null : accountWait(f.attempts(), f.last(), now);
    }

    /** Counts a failure of a username that names nobody, as {@code UserStore.recordFailure} counts a real one. */
    void unknownFailed(String tenant, String usernameKey, Instant now) {
        unknown.asMap().compute(tenant + '\n' + usernameKey, (k, f) -> {
            if (f == null || (f.lockedUntil() != null && !f.lockedUntil().isAfter(now))) {
                return new UnknownFailures(1, now, null);
            }
            int n = f.attempts() + 1;
            return new UnknownFailures(n, now, n == LOCK_AT ? now.plus(LOCK_DURATION) : f.lockedUntil());
        });
    }

    /** Forgets what was counted against a username that now names a user (it was just created). */
    void forgetUnknown(String tenant, String usernameKey) {
        unknown.invalidate(tenant + '\n' + usernameKey);
    }

    /**
     * From the {@code from}th failure, 1 s after the last, doubling with each further failure, at
     * most {@link #MAX_WAIT}: what remains of it at {@code now}, or null when nothing does.
     */
    static Duration waitAfter(int failures, int from, Instant last, Instant now) {
        if (failures < from || last == null) {
            return null;
        }
        int doublings = failures - from;
        Duration wait = doublings >= 20 ? MAX_WAIT : Duration.ofSeconds(1L << doublings);
        if (wait.compareTo(MAX_WAIT) > 0) {
            wait = MAX_WAIT;
        }
        Instant until = last.plus(wait);
        return now.isBefore(until) ? Duration.between(now, until) : null;
    }
}
