package dev.signet.server.signin;

import dev.signet.server.identity.CredentialChangeListener;
import dev.signet.server.oauth.SessionRevocation;
import dev.signet.server.store.SsoSessionStore;
import dev.signet.server.store.SsoSessionStore.StoredSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The browsers' single sign-on sessions, kept server-side: the cookie holds a random id whose hash
 * is stored. A session lives until it is idle for {@link #idle} or {@link #absolute} after it
 * began, and ends at logout, when a new sign-in replaces it, or when the user's credentials
 * change; ending one revokes the refresh tokens issued under it.
 */
public final class SsoSessions implements CredentialChangeListener {

    /** Keycloak's defaults for the same two limits. */
    public static final Duration DEFAULT_IDLE = Duration.ofMinutes(30);

    public static final Duration DEFAULT_ABSOLUTE = Duration.ofHours(10);

    /** A live session. */
    public record Session(String sid, String tenant, String userId, Instant authTime, String acr, List<String> amr) {
        public Session {
            amr = List.copyOf(amr);
        }
    }

    /** A session just begun: its cookie value exists only here. */
    public record Started(Session session, String cookieValue) {}

    private final SsoSessionStore store;
    private final SessionRevocation revocation;
    private final Clock clock;
    private final Duration idle;
    private final Duration absolute;

    public SsoSessions(
            SsoSessionStore store, SessionRevocation revocation, Clock clock, Duration idle, Duration absolute) {
        this.store = store;
        this.revocation = revocation;
        this.clock = clock;
        this.idle = idle;
        this.absolute = absolute;
    }

    /** Begins a session with a fresh id (never one the browser sent: no fixation). */
    public Started begin(String tenant, String userId, Instant authTime, String acr, List<String> amr) {
        Instant now = clock.instant();
        String cookie = Secrets.random();
        String sid = Secrets.random().substring(0, 32);
        Instant expires = min(now.plus(idle), now.plus(absolute));
        store.insert(new StoredSession(
                Secrets.hash(cookie), sid, tenant, userId, authTime, acr, amr, now, now, expires, null));
        store.purge(now.minus(Duration.ofDays(1)));
        return new Started(new Session(sid, tenant, userId, authTime, acr, amr), cookie);
    }

    /** The live session a cookie names (and records the use), or empty. */
    public Optional<Session> current(String tenant, String cookieValue) {
        if (cookieValue == null || cookieValue.isEmpty() || cookieValue.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<StoredSession> found = store.find(tenant, Secrets.hash(cookieValue));
        if (found.isEmpty()
                || found.get().endedAt() != null
                || !found.get().expiresAt().isAfter(now)) {
            return Optional.empty();
        }
        StoredSession s = found.get();
        store.touch(s.idHash(), now, min(now.plus(idle), s.createdAt().plus(absolute)));
        return Optional.of(new Session(s.sid(), s.tenant(), s.userId(), s.authTime(), s.acr(), s.amr()));
    }

    /** Ends session {@code sid} and revokes the refresh tokens issued under it. */
    public void end(String tenant, String sid, String reason) {
        store.end(tenant, sid, clock.instant());
        // Revoked even when the session had ended already: a retry after a failed revocation completes it.
        revocation.revokeSession(tenant, sid, reason);
    }

    /** Ends every session of a user and revokes their refresh tokens; returns how many sessions ended. */
    public int endSessionsOf(String tenant, String userId, String reason) {
        List<String> sids = store.endAllOf(tenant, userId, clock.instant());
        for (String sid : sids) {
            revocation.revokeSession(tenant, sid, reason);
        }
        return sids.size();
    }

    @Override
    public void credentialsChanged(String tenant, String userId, String reason) {
        endSessionsOf(tenant, userId, reason);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
