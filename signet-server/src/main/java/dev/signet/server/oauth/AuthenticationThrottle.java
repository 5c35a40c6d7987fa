package dev.signet.server.oauth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.signet.jose.UntrustedText;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Budgets of failed client authentications, one per registered client and one per source address:
 * token buckets of {@link #BURST} failures, refilled at {@link #REFILL_PER_SECOND} a second.
 *
 * <ul>
 *   <li>A request is checked (its secret or assertion looked at) unless the client's budget is
 *       spent <em>and</em> its source address has failed recently (the address's budget is not
 *       full); then it is refused with 429 unchecked. So an attacker who spends a client's budget
 *       cannot lock that client out: the client's own requests, from an address that has not
 *       failed, are still checked and succeed.
 *   <li>A checked request that fails spends one from both budgets, and is answered 429 instead of
 *       401 once either is spent.
 * </ul>
 *
 * <p>State is bounded: client budgets only for clients that exist (an attacker's made-up ids have
 * none), addresses at most {@link #MAX_ADDRESSES} (an IPv6 address counts by its /64 prefix, which
 * one subscriber usually holds whole), and an entry is dropped once it would be full again anyway.
 * A refusal is logged at most once per {@link #LOG_INTERVAL}, with the number refused since.
 */
public final class AuthenticationThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(AuthenticationThrottle.class);

    /** Failures a budget holds. */
    public static final int BURST = 20;
    /** Failures a budget regains each second. */
    public static final double REFILL_PER_SECOND = 1.0;
    /** The most source addresses with a budget; beyond it the least recently used one is forgotten. */
    static final int MAX_ADDRESSES = 20_000;
    /** The most clients with a budget (only existing clients have one). */
    static final int MAX_CLIENTS = 100_000;
    /** How often a refusal may be logged. */
    static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    /** How long an untouched budget takes to be full again: after that it can be forgotten. */
    private static final Duration REFILL_TIME = Duration.ofMillis((long) (BURST / REFILL_PER_SECOND * 1000));

    private static final long NANOS_PER_TOKEN = (long) (1e9 / REFILL_PER_SECOND);

    /** What to do with a request before its credentials are looked at. */
    public record Gate(boolean check, long retryAfterSeconds) {}

    private static final Gate CHECK = new Gate(true, 0);

    /** A token bucket; tokens are kept in nanoseconds of refill (BURST * NANOS_PER_TOKEN when full). */
    private static final class Bucket {
        private long level;
        private long updated;

        Bucket(long now) {
            this.level = BURST * NANOS_PER_TOKEN;
            this.updated = now;
        }

        private void refill(long now) {
            long elapsed = Math.max(0, now - updated);
            level = Math.min(BURST * NANOS_PER_TOKEN, level + elapsed);
            updated = now;
        }

        synchronized boolean hasToken(long now) {
            refill(now);
            return level >= NANOS_PER_TOKEN;
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return level >= BURST * NANOS_PER_TOKEN;
        }

        /** Spends one; true when there was one to spend (the failure was within the budget). */
        synchronized boolean spend(long now) {
            refill(now);
            boolean had = level >= NANOS_PER_TOKEN;
            level = Math.max(0, level - NANOS_PER_TOKEN);
            return had;
        }

        /** Nanoseconds until one token is there. */
        synchronized long untilToken(long now) {
            refill(now);
            return Math.max(0, NANOS_PER_TOKEN - level);
        }

        /** Nanoseconds until it is full. */
        synchronized long untilFull(long now) {
            refill(now);
            return BURST * NANOS_PER_TOKEN - level;
        }
    }

    private final LongSupplier nanos;
    private final Cache<String, Bucket> clients;
    private final Cache<String, Bucket> addresses;
    private final AtomicLong refusedSinceLog = new AtomicLong();
    private final AtomicLong refusedTotal = new AtomicLong();
    private final AtomicLong lastLog;

    public AuthenticationThrottle() {
        this(System::nanoTime);
    }

    /** With a clock in nanoseconds (tests move it by hand). */
    AuthenticationThrottle(LongSupplier nanos) {
        this.nanos = nanos;
        this.lastLog = new AtomicLong(nanos.getAsLong() - LOG_INTERVAL.toNanos());
        this.clients = Caffeine.newBuilder()
                .maximumSize(MAX_CLIENTS)
                .expireAfterAccess(REFILL_TIME)
                .executor(Runnable::run)
                .build();
        this.addresses = Caffeine.newBuilder()
                .maximumSize(MAX_ADDRESSES)
                .expireAfterAccess(REFILL_TIME)
                .executor(Runnable::run)
                .build();
    }

    /**
     * Whether to look at the credentials of a request for {@code clientId} (as presented, may be
     * null) from {@code source}; if not, how long to tell the caller to wait.
     */
    public Gate before(String tenant, String clientId, String source) {
        long now = nanos.getAsLong();
        Bucket client = clientId == null ? null : clients.getIfPresent(clientKey(tenant, clientId));
        if (client == null || client.hasToken(now)) {
            return CHECK;
        }
        Bucket address = addresses.getIfPresent(addressKey(source));
        if (address == null || address.isFull(now)) {
            return CHECK; // an address with no recent failure: the client itself, perhaps
        }
        address.spend(now); // an address that keeps trying stays one that failed recently
        long wait = Math.min(client.untilToken(now), address.untilFull(now));
        refused(tenant, clientId, source, now);
        return new Gate(false, seconds(wait));
    }

    /**
     * Spends one failure from the source's budget and, for a client that exists, from the
     * client's; returns 0 to answer 401, or the seconds for a 429's {@code Retry-After} once
     * either budget is spent.
     */
    public long failed(String tenant, String clientId, boolean clientExists, String source) {
        long now = nanos.getAsLong();
        Bucket address = addresses.get(addressKey(source), k -> new Bucket(now));
        boolean left = address.spend(now);
        long wait = left ? 0 : address.untilToken(now);
        if (clientExists && clientId != null) {
            Bucket client = clients.get(clientKey(tenant, clientId), k -> new Bucket(now));
            if (!client.spend(now)) {
                left = false;
                wait = Math.max(wait, client.untilToken(now));
            }
        }
        if (left) {
            return 0;
        }
        refused(tenant, clientId, source, now);
        return seconds(wait);
    }

    /** How many requests have been answered 429 so far. */
    long refusedTotal() {
        return refusedTotal.get();
    }

    private void refused(String tenant, String clientId, String source, long now) {
        refusedSinceLog.incrementAndGet();
        refusedTotal.incrementAndGet();
        long last = lastLog.get();
        if (now - last >= LOG_INTERVAL.toNanos() && lastLog.compareAndSet(last, now)) {
            LOG.warn(
                    "client authentication throttled: {} request(s) answered 429 after too many failures since the"
                            + " last such line (at most one every {} s); the latest from {} for client {} of tenant {}",
                    refusedSinceLog.getAndSet(0),
                    LOG_INTERVAL.toSeconds(),
                    UntrustedText.printable(String.valueOf(source)),
                    clientId == null ? "(none)" : UntrustedText.printable(clientId),
                    tenant);
        }
    }

    private static long seconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    private static String clientKey(String tenant, String clientId) {
        return tenant + '\n' + clientId;
    }

    /** An IPv4 address as it is, an IPv6 address by its /64 prefix; anything else clipped. */
    public static String addressKey(String source) {
        if (source == null) {
            return "";
        }
        String s = source.startsWith("[") && source.endsWith("]") ? source.substring(1, source.length() - 1) : source;
        if (s.indexOf(':') >= 0
                && s.length() <= 64
                && s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%')) {
            try {
                byte[] b = InetAddress.getByName(s).getAddress(); // a literal: no name is resolved
                if (b.length == 16) {
                    return String.format(
                            "%02x%02x:%02x%02x:%02x%02x:%02x%02x::/64", b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]);
                }
                return InetAddress.getByAddress(b).getHostAddress();
            } catch (UnknownHostException e) {
                // fall through: keyed by its text
            }
        }
        return s.length() <= 64 ? s : s.substring(0, 64);
    }
}
