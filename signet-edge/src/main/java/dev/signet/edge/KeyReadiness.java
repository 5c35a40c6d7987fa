package dev.signet.edge;

import dev.signet.verify.Issuer;
import dev.signet.verify.IssuerMetadata;
import dev.signet.verify.KeySetFetchException;
import dev.signet.verify.KeySetFetcher;
import dev.signet.verify.RemoteKeySets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Whether every issuer's keys are loaded ({@code /readyz}): its metadata was read and its JWK Set
 * can be had from the key sets the verifier uses (so a check also warms them). A failed metadata
 * read is retried no sooner than {@link #RETRY} later.
 */
final class KeyReadiness {

    static final Duration RETRY = Duration.ofSeconds(5);

    private final List<One> issuers;
    private final KeySetFetcher fetcher;
    private final RemoteKeySets keySets;
    private final Clock clock;

    KeyReadiness(List<Issuer> issuers, KeySetFetcher fetcher, RemoteKeySets keySets, Clock clock) {
        this.issuers = issuers.stream().map(One::new).toList();
        this.fetcher = fetcher;
        this.keySets = keySets;
        this.clock = clock;
    }

    /** Null when every issuer's keys are loaded, else a line saying which are not. */
    String notReady() {
        StringBuilder b = new StringBuilder();
        for (One o : issuers) {
            String problem = o.check();
            if (problem != null) {
                b.append(b.length() == 0 ? "" : "; ").append(problem);
            }
        }
        return b.length() == 0 ? null : b.toString();
    }

    private final class One {
        private final Issuer issuer;
        private final ReentrantLock lock = new ReentrantLock();
        private volatile String jwksUri;
        private Instant triedAt;

        One(Issuer issuer) {
            this.issuer = issuer;
        }

        String check() {
            String uri = jwksUri;
            if (uri == null) {
                lock.lock();
                try {
                    uri = jwksUri;
                    Instant now = clock.instant();
                    if (uri == null && (triedAt == null || !now.isBefore(triedAt.plus(RETRY)))) {
                        triedAt = now;
                        try {
                            uri = IssuerMetadata.fetch(fetcher, issuer).jwksUri();
                            jwksUri = uri;
                        } catch (KeySetFetchException | IllegalArgumentException e) {
                            return issuer.issuer() + ": metadata not loaded";
                        }
                    }
                } finally {
                    lock.unlock();
                }
                if (uri == null) {
                    return issuer.issuer() + ": metadata not loaded";
                }
            }
            try {
                keySets.get(uri).keys();
                return null;
            } catch (KeySetFetchException | IllegalArgumentException e) {
                return issuer.issuer() + ": keys not loaded";
            }
        }
    }
}
