package dev.signet.verify;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.signet.jose.Curve;
import dev.signet.jose.JoseException;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwsHeader;
import dev.signet.jose.KeySource;
import dev.signet.jose.KeyType;
import dev.signet.jose.UntrustedText;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JWK Set published at one URL, fetched on demand and kept, for the verifiers of the tokens it
 * signs. Made by {@link RemoteKeySets}, one per URL.
 *
 * <p>Design: a slow or hostile host must not be able to hold the callers, and a stream of tokens
 * must not turn into a stream of fetches.
 *
 * <ul>
 *   <li>Single flight: at most one fetch of the URL is in flight; every caller that needs its
 *       outcome waits for that one, at most {@link KeySetFetcher#timeout()} (the fetch's deadline),
 *       and past {@link RemoteKeySets.Builder#maxWaiters} waiting callers the next one fails at once.
 *   <li>The last good set is fresh for its {@code Cache-Control: max-age} (clamped to
 *       [{@link RemoteKeySets#MIN_FRESH_FOR}, {@link RemoteKeySets#MAX_FRESH_FOR}]), else for
 *       {@link RemoteKeySets#DEFAULT_FRESH_FOR}. Past that it is still served for the stale period
 *       while a fetch replaces it in the background, and while fetches fail.
 *   <li>A failed fetch is remembered for the cool-down: until then a caller with no set to fall
 *       back on gets that failure at once, without a fetch. A {@code kid} the set lacks causes at
 *       most one fetch per cool-down.
 *   <li>Only keys fit to verify signatures are kept: public, asymmetric, not marked for
 *       encryption ({@code use}, {@code key_ops}, {@code alg}), not a key-agreement curve.
 * </ul>
 *
 * Thread-safe. State changes hold {@code lock}; waiting never does.
 */
public final class RemoteKeySet implements KeySource {

    private record Fetched(JwkSet keys, Instant at, Instant freshUntil) {}

    private record Failed(KeySetFetchException error, Instant at) {}

    private final URI uri;
    private final RemoteKeySets owner;
    private final AtomicInteger waiters = new AtomicInteger();
    private final Object lock = new Object();

    @GuardedBy("lock")
    private Fetched good;

    @GuardedBy("lock")
    private Failed failed;

    @GuardedBy("lock")
    private CompletableFuture<JwkSet> inFlight;

    /** When the last fetch started (one that was refused before it began does not count). */
    @GuardedBy("lock")
    private Instant lastAttempt;

    @GuardedBy("lock")
    private Instant refusalLogged;

    @GuardedBy("lock")
    private int refusalsUnlogged;

    RemoteKeySet(URI uri, RemoteKeySets owner) {
        this.uri = uri;
        this.owner = owner;
    }

    /** The URL the keys are fetched from. */
    public URI uri() {
        return uri;
    }

    /**
     * The keys: the fresh copy, or a stale one within the stale period (a fetch then starts in the
     * background, unless one failed within the cool-down), or, with neither, the outcome of a fetch.
     *
     * @throws KeySetFetchException when there is no usable copy and the fetch fails, failed within
     *     the cool-down, or cannot be waited for (too many waiters, too many fetches in flight)
     */
    public JwkSet keys() throws KeySetFetchException {
        CompletableFuture<JwkSet> wait;
        synchronized (lock) {
            Instant now = owner.clock.instant();
            if (good != null && now.isBefore(good.freshUntil())) {
                return good.keys();
            }
            CompletableFuture<JwkSet> f = inFlight;
            if (f == null && (failed == null || !now.isBefore(failed.at().plus(owner.coolDown)))) {
                f = startLocked(now);
            }
            if (good != null && now.isBefore(good.freshUntil().plus(owner.maxStale))) {
                return good.keys();
            }
            if (f == null) {
                throw coolingDown(failed);
            }
            wait = f;
        }
        return await(wait);
    }

    /**
     * The keys, as {@link #keys()}; when they hold none with this {@code kid} (a new key of the
     * issuer, or a made-up one), once fetched again if the cool-down since the last fetch has
     * passed. A null {@code kid} is not looked for.
     */
    public JwkSet keys(String kid) throws KeySetFetchException {
        JwkSet current = keys();
        if (kid == null || !current.byKeyId(kid).isEmpty()) {
            return current;
        }
        synchronized (lock) {
            if (good != null && !good.keys().byKeyId(kid).isEmpty()) {
                return good.keys();
            }
        }
        return refetch().orElse(current);
    }

    /**
     * A copy fetched now, when the cool-down since the last fetch has passed (or a fetch is in
     * flight, which is joined); empty otherwise or when the fetch fails. For a token that names no
     * {@code kid} and verifies with none of the keys: the issuer may have replaced them.
     */
    public Optional<JwkSet> refetch() {
        CompletableFuture<JwkSet> f;
        synchronized (lock) {
            f = inFlight;
            if (f == null) {
                Instant now = owner.clock.instant();
                if (lastAttempt != null && now.isBefore(lastAttempt.plus(owner.coolDown))) {
                    return Optional.empty();
                }
                f = startLocked(now);
            }
        }
        try {
            return Optional.of(await(f));
        } catch (KeySetFetchException e) {
            return Optional.empty();
        }
    }

    /** {@link KeySource}: the keys for the header's {@code kid}; no keys at all is {@code KEY_NOT_FOUND}. */
    @Override
    public List<Jwk> candidates(JwsHeader header) throws JoseException {
        try {
            return keys(header.keyId()).keys();
        } catch (KeySetFetchException e) {
            throw new JoseException(JoseException.Reason.KEY_NOT_FOUND, "no keys: " + e.getMessage(), e);
        }
    }

    @GuardedBy("lock")
    private CompletableFuture<JwkSet> startLocked(Instant now) {
        Instant previous = lastAttempt;
        lastAttempt = now;
        CompletableFuture<JwkSet> result = new CompletableFuture<>();
        inFlight = result;
        // A refused fetch completes at once, on this thread; settle's lock is then re-entered.
        CompletableFuture<?> unused =
                owner.fetcher.start(uri).whenComplete((document, error) -> settle(result, document, error, previous));
        return result;
    }

    /** Records a fetch's outcome, then hands it to the callers waiting for it. */
    private void settle(CompletableFuture<JwkSet> result, KeySetDocument document, Throwable error, Instant previous) {
        KeySetFetchException failure = null;
        JwkSet keys = null;
        List<String> ignored = new ArrayList<>();
        if (error != null) {
            Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            failure = e instanceof KeySetFetchException k
                    ? k
                    : new KeySetFetchException(uri, "cannot fetch " + uri + ": " + e, 0, null, e);
        } else {
            try {
                keys = fitForVerifying(JwkSet.parse(document.body(), owner.fetcher.maxBytes()), ignored);
            } catch (JoseException e) {
                failure = new KeySetFetchException(
                        uri, "the answer from " + uri + " is not a JWK Set: " + e.getMessage(), 0, null, e);
            }
        }
        String line = null;
        synchronized (lock) {
            inFlight = null;
            Instant now = owner.clock.instant();
            if (failure == null) {
                good = new Fetched(keys, now, now.plus(freshFor(document.cacheControl())));
                failed = null;
                if (!ignored.isEmpty()) {
                    line = "keys at " + uri + ": ignored " + ignored.size() + " not fit to verify signatures: "
                            + String.join("; ", ignored);
                }
            } else if (failure.isRefused()) {
                // Nothing reached the host: neither a cool-down nor a spent kid refetch.
                lastAttempt = previous;
                line = refusalLine(failure, now);
            } else {
                failed = new Failed(failure, now);
                line = failureLine(failure, now);
            }
        }
        if (line != null) {
            owner.problems.accept(line);
        }
        if (failure == null) {
            owner.events.keysFetched(uri);
        } else {
            owner.events.keysFetchFailed(uri, failure.isRefused());
        }
        if (failure == null) {
            result.complete(keys);
        } else {
            result.completeExceptionally(failure);
        }
    }

    /** Waits for a fetch in flight: at most its deadline, and only as one of a bounded number of waiters. */
    private JwkSet await(CompletableFuture<JwkSet> f) throws KeySetFetchException {
        if (f.isDone()) {
            return KeySetFetcher.await(uri, f, Duration.ZERO);
        }
        if (waiters.incrementAndGet() > owner.maxWaiters) {
            waiters.decrementAndGet();
            KeySetFetchException refused = KeySetFetchException.refused(
                    uri, "not waiting for the keys at " + uri + ": " + owner.maxWaiters + " callers already wait");
            String line;
            synchronized (lock) {
                line = refusalLine(refused, owner.clock.instant());
            }
            if (line != null) {
                owner.problems.accept(line);
            }
            throw refused;
        }
        try {
            return KeySetFetcher.await(uri, f, owner.fetcher.timeout());
        } finally {
            waiters.decrementAndGet();
        }
    }

    private KeySetFetchException coolingDown(Failed f) {
        KeySetFetchException e = f.error();
        return new KeySetFetchException(
                uri,
                e.getMessage() + " (at " + f.at() + "; not fetched again before " + f.at().plus(owner.coolDown) + ")",
                e.status(),
                e.location().orElse(null),
                e);
    }

    @GuardedBy("lock")
    private String failureLine(KeySetFetchException failure, Instant now) {
        String serving = good != null && now.isBefore(good.freshUntil().plus(owner.maxStale))
                ? "; serving the keys fetched at " + good.at() + " until "
                        + good.freshUntil().plus(owner.maxStale)
                : "; no keys to serve";
        return "fetching keys failed: " + failure.getMessage() + serving + "; next try after "
                + now.plus(owner.coolDown);
    }

    /** A line for a refusal, at most one per cool-down for this URL (with the count since); else null. */
    @GuardedBy("lock")
    private String refusalLine(KeySetFetchException refused, Instant now) {
        if (refusalLogged != null && now.isBefore(refusalLogged.plus(owner.coolDown))) {
            refusalsUnlogged++;
            return null;
        }
        String more = refusalsUnlogged == 0 ? "" : " (and " + refusalsUnlogged + " refusals since the last line)";
        refusalLogged = now;
        refusalsUnlogged = 0;
        return refused.getMessage() + more;
    }

    /** The keys of {@code set} fit to verify signatures; why each other one was left out goes to {@code ignored}. */
    static JwkSet fitForVerifying(JwkSet set, List<String> ignored) {
        List<Jwk> fit = new ArrayList<>(set.keys().size());
        for (Jwk k : set.keys()) {
            String why = unfit(k);
            if (why == null) {
                fit.add(k);
            } else {
                ignored.add(
                        (k.keyId() == null ? "a key" : "kid " + UntrustedText.printable(k.keyId())) + " (" + why + ")");
            }
        }
        for (String s : set.skipped()) {
            ignored.add(s);
        }
        return JwkSet.of(fit);
    }

    private static String unfit(Jwk k) {
        if (k.keyType() == KeyType.OCT) {
            // A shared secret served to anyone who asks would let anyone sign.
            return "a symmetric key";
        }
        if (k.isPrivate()) {
            // Published private material is known to all: a signature by it proves nothing.
            return "holds a private key";
        }
        if (k.use() != null && !"sig".equals(k.use())) {
            return "use " + UntrustedText.printable(k.use());
        }
        if (k.keyOps() != null && !k.keyOps().contains(Jwk.VERIFY)) {
            return "key_ops without verify";
        }
        if (k.curve() == Curve.X25519 || k.curve() == Curve.X448) {
            return "a key-agreement curve";
        }
        if (k.algorithm() != null && JwsAlgorithm.fromIdentifier(k.algorithm()) == null) {
            return "alg " + UntrustedText.printable(k.algorithm()) + " is not a signature algorithm";
        }
        return null;
    }

    /**
     * How long a set served with this {@code Cache-Control} stays fresh: its {@code max-age}
     * clamped to [{@link RemoteKeySets#MIN_FRESH_FOR}, {@link RemoteKeySets#MAX_FRESH_FOR}] (so is
     * {@code no-cache} or {@code no-store}: keys are kept for the minimum so that tokens cannot
     * become fetches), else {@link RemoteKeySets#DEFAULT_FRESH_FOR}.
     */
    static Duration freshFor(String cacheControl) {
        if (cacheControl == null) {
            return RemoteKeySets.DEFAULT_FRESH_FOR;
        }
        Duration fresh = null;
        for (String part : cacheControl.split(",", 32)) {
            String d = part.strip().toLowerCase(Locale.ROOT);
            if (d.equals("no-store") || d.equals("no-cache")) {
                return RemoteKeySets.MIN_FRESH_FOR;
            }
            if (d.startsWith("max-age=")) {
                String v = d.substring("max-age=".length());
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                if (!v.isEmpty() && v.length() <= 12 && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    fresh = Duration.ofSeconds(Long.parseLong(v));
                }
            }
        }
        if (fresh == null) {
            return RemoteKeySets.DEFAULT_FRESH_FOR;
        }
        if (fresh.compareTo(RemoteKeySets.MIN_FRESH_FOR) < 0) {
            return RemoteKeySets.MIN_FRESH_FOR;
        }
        return fresh.compareTo(RemoteKeySets.MAX_FRESH_FOR) > 0 ? RemoteKeySets.MAX_FRESH_FOR : fresh;
    }

    @Override
    public String toString() {
        return "RemoteKeySet[" + uri + "]";
    }
}
