package dev.signet.server.oauth;

import dev.signet.server.store.Database;
import dev.signet.server.store.TokenStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opaque tokens the client was told had failed, whose row may nevertheless have committed: the
 * insert's connection broke after the statement was sent, or the token could not be audited after
 * it was stored. Nobody holds such a token (it was never answered), and its row is deleted so that
 * what the table holds is exactly what clients were given: by {@link #retry()}, which the server
 * runs every second while any are waiting. Kept in memory: a crash before the database returns
 * leaves those rows until they expire and are purged, still held by nobody.
 */
public final class UnansweredTokens {

    private static final Logger LOG = LoggerFactory.getLogger(UnansweredTokens.class);

    /** At most this many are remembered (in an outage requests fail before inserting, so few are). */
    static final int MAX = 100_000;

    private final TokenStore tokens;
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();

    public UnansweredTokens(TokenStore tokens) {
        this.tokens = tokens;
    }

    /** Remembers the hash of a token that was not answered, for deletion by the next {@link #retry()}. */
    public void discard(String tokenHash) {
        if (waiting.size() < MAX) {
            waiting.add(tokenHash);
        } else {
            LOG.warn("more than {} unanswered opaque tokens wait for deletion; this one stays until it expires", MAX);
        }
    }

    /** How many wait for deletion. */
    public int waiting() {
        return waiting.size();
    }

    /** Deletes the rows of the tokens waiting; those the database does not take now wait for the next run. */
    public void retry() {
        if (waiting.isEmpty()) {
            return;
        }
        List<String> batch = new ArrayList<>(waiting);
        int deleted = 0;
        try {
            for (int i = 0; i < batch.size(); i += 500) {
                List<String> part = batch.subList(i, Math.min(batch.size(), i + 500));
                deleted += tokens.deleteOpaque(part);
                part.forEach(waiting::remove);
            }
        } catch (RuntimeException e) {
            if (!Database.connectionLost(e)) {
                LOG.warn("deleting unanswered opaque tokens failed: {}", e.toString());
            }
        } finally {
            if (deleted > 0) {
                LOG.info("deleted {} opaque tokens that were stored although their requests failed", deleted);
            }
        }
    }
}
