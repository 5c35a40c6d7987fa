package dev.signet.server.oauth;

import dev.signet.jose.JoseException;
import dev.signet.jose.Jwt;
import dev.signet.jose.JwtClaims;
import dev.signet.jose.JwtVerifier;
import dev.signet.server.Metrics;
import dev.signet.server.Secrets;
import dev.signet.server.audit.AuditEvent;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.keys.SigningKeyRing;
import dev.signet.server.keys.TenantAlgorithms;
import dev.signet.server.store.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Token introspection (RFC 7662) and revocation (RFC 7009) for a tenant's access tokens, JWT and
 * opaque. A token is active only if it is this tenant's, unexpired, not revoked, and (for a JWT)
 * signed by one of the tenant's published keys — so a revoked key takes all its tokens with it.
 */
public final class IntrospectionService {

    private static final Map<String, Object> INACTIVE = Map.of("active", false);

    private final SigningKeyRing keys;
    private final TokenStore tokens;
    private final Issuers issuers;
    private final Clock clock;
    private final AuditLog audit;
    private final Metrics metrics;
    /** Null where refresh tokens are not issued. */
    private final RefreshTokens refresh;

    public IntrospectionService(
            SigningKeyRing keys, TokenStore tokens, Issuers issuers, Clock clock, AuditLog audit, Metrics metrics) {
        this(keys, tokens, issuers, clock, audit, metrics, null);
    }

    /** Also answers for, and revokes, the refresh tokens in {@code refresh}. */
    public IntrospectionService(
            SigningKeyRing keys,
            TokenStore tokens,
            Issuers issuers,
            Clock clock,
            AuditLog audit,
            Metrics metrics,
            RefreshTokens refresh) {
        this.refresh = refresh;
        this.metrics = metrics;
        this.keys = keys;
        this.tokens = tokens;
        this.issuers = issuers;
        this.clock = clock;
        this.audit = audit;
    }

    /** What a token is, for its introspection response. */
    private record Found(
            String jti,
            String clientId,
            String scope,
            List<String> audiences,
            Instant issuedAt,
            Instant expiresAt,
            String opaqueHash,
            String subject,
            boolean forUser) {}

    /** The RFC 7662 §2.2 response for {@code token}. */
    public Map<String, Object> introspect(String tenant, String token) {
        Optional<Found> f = find(tenant, token);
        if (f.isEmpty() && refresh != null && token.indexOf('.') < 0) {
            Optional<Map<String, Object>> r = refresh.introspect(tenant, token, issuers.issuer(tenant));
            if (r.isPresent()) {
                metrics.introspected(tenant, Boolean.TRUE.equals(r.get().get("active")));
                return r.get();
            }
        }
        metrics.introspected(tenant, f.isPresent());
        if (f.isEmpty()) {
            return INACTIVE;
        }
        Found t = f.get();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("active", true);
        if (!t.scope().isEmpty()) {
            m.put("scope", t.scope());
        }
        m.put("client_id", t.clientId());
        m.put("token_type", "Bearer");
        m.put("exp", t.expiresAt().getEpochSecond());
        m.put("iat", t.issuedAt().getEpochSecond());
        m.put("sub", t.subject());
        m.put("aud", t.audiences().size() == 1 ? t.audiences().get(0) : t.audiences());
        m.put("iss", issuers.issuer(tenant));
        m.put("jti", t.jti());
        return m;
    }

    /** An active access token of a tenant, as a resource such as userinfo needs it. */
    public record ActiveAccessToken(String subject, String clientId, List<String> scopes, boolean forUser) {}

    /**
     * The access token {@code token} of {@code tenant} if it is active (as {@link #introspect}
     * decides: signed by a published key that is not revoked, unexpired, not revoked itself).
     */
    public Optional<ActiveAccessToken> activeAccessToken(String tenant, String token) {
        return find(tenant, token)
                .map(f -> new ActiveAccessToken(
                        f.subject(),
                        f.clientId(),
                        f.scope().isEmpty() ? List.of() : List.of(f.scope().split(" ")),
                        f.forUser()));
    }

    /**
     * RFC 7009 §2.1: revokes {@code token} if it is an active token issued to {@code clientId};
     * anything else is ignored, as the RFC asks (the answer is the same either way).
     */
    public void revoke(String tenant, String clientId, String token) {
        Optional<Found> f = find(tenant, token);
        if (f.isEmpty() && refresh != null && token.indexOf('.') < 0) {
            refresh.revokeByToken(tenant, clientId, token); // audited there
            return;
        }
        if (f.isEmpty() || !f.get().clientId().equals(clientId)) {
            return;
        }
        Found t = f.get();
        Instant now = clock.instant();
        if (t.opaqueHash() != null) {
            tokens.revokeOpaque(tenant, t.opaqueHash(), now);
        } else {
            tokens.revokeJwt(tenant, t.jti(), t.expiresAt(), now);
        }
        audit.record(tenant, AuditEvent.TOKEN_REVOKED, clientId, "jti=" + t.jti());
    }

    private Optional<Found> find(String tenant, String token) {
        if (token.indexOf('.') >= 0) {
            return findJwt(tenant, token);
        }
        Optional<TokenStore.OpaqueToken> o = tokens.findOpaque(tenant, Secrets.hash(token));
        if (o.isEmpty() || o.get().revokedAt() != null || !o.get().expiresAt().isAfter(clock.instant())) {
            return Optional.empty();
        }
        TokenStore.OpaqueToken t = o.get();
        return Optional.of(new Found(
                t.jti(),
                t.clientId(),
                t.scope(),
                t.audiences(),
                t.issuedAt(),
                t.expiresAt(),
                t.tokenHash(),
                t.subject() != null ? t.subject() : t.clientId(),
                t.subject() != null));
    }

    private Optional<Found> findJwt(String tenant, String token) {
        SigningKeyRing.Snapshot snapshot = keys.snapshot(tenant);
        JwtVerifier verifier = JwtVerifier.builder(header -> snapshot.published())
                .issuer(issuers.issuer(tenant))
                .acceptAnyAudience() // introspection answers for every audience of this issuer
                .type("at+jwt")
                .algorithms(TenantAlgorithms.available())
                .clockSkew(Duration.ZERO)
                .clock(clock)
                .requireClaims("jti", "client_id", "iat")
                .build();
        try {
            Jwt jwt = verifier.verify(token);
            JwtClaims c = jwt.claims();
            if (snapshot.revokedKids().contains(jwt.header().keyId()) || tokens.isJwtRevoked(tenant, c.jwtId())) {
                return Optional.empty();
            }
            String scope = c.has("scope") ? c.getString("scope") : "";
            return Optional.of(new Found(
                    c.jwtId(),
                    c.getString("client_id"),
                    scope,
                    c.audience(),
                    c.issuedAt(),
                    c.expiresAt(),
                    null,
                    c.subject(),
                    c.has("sid")));
        } catch (JoseException e) {
            return Optional.empty();
        }
    }
}
