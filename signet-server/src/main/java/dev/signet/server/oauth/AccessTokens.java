package dev.signet.server.oauth;

import dev.signet.jose.JwtClaims;
import dev.signet.server.Metrics;
import dev.signet.server.Secrets;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.keys.SigningKeyRing;
import dev.signet.server.store.ClientRecord;
import dev.signet.server.store.TenantStore;
import dev.signet.server.store.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Mints the access tokens every grant hands out, as RFC 9068 JWTs or opaque references (the
 * client's token format); each one is audited and counted under the grant that issued it.
 */
public final class AccessTokens {

    private final TenantStore tenants;
    private final SigningKeyRing keys;
    private final TokenStore tokens;
    private final AuditLog audit;
    private final Clock clock;
    private final Issuers issuers;
    private final Metrics metrics;
    private final UnansweredTokens unanswered;

    public AccessTokens(
            TenantStore tenants,
            SigningKeyRing keys,
            TokenStore tokens,
            AuditLog audit,
            Clock clock,
            Issuers issuers,
            Metrics metrics,
            UnansweredTokens unanswered) {
        this.metrics = metrics;
        this.unanswered = unanswered;
        this.tenants = tenants;
        this.keys = keys;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
        this.issuers = issuers;
    }

    /**
     * A new access token of {@code tenant} for {@code client}, with the tenant's lifetime.
     *
     * @param grantType the grant it is issued by (the metric's tag)
     * @param scopes the granted scopes, already checked
     * @param audiences the granted audiences, already checked
     */
    public IssuedToken mint(
            String tenant, ClientRecord client, String grantType, List<String> scopes, List<String> audiences) {
        TenantStore.Tenant t = tenants.find(tenant).orElseThrow(() -> new IllegalStateException("no tenant " + tenant));
        Duration lifetime = t.accessTokenLifetime();
        Instant now = clock.instant();
        Instant exp = now.plus(lifetime);
        String jti = Secrets.randomId();
        String scope = String.join(" ", scopes);
        String token;
        String opaqueHash = null;
        if ("opaque".equals(client.tokenFormat())) {
            token = Secrets.generate();
            opaqueHash = Secrets.hash(token);
            insertOpaque(new TokenStore.OpaqueToken(
                    opaqueHash, tenant, client.clientId(), jti, scope, audiences, now, exp, null));
        } else {
            token = sign(tenant, client, now, exp, jti, scope, audiences);
        }
        try {
            audit.tokenIssued(tenant, client.clientId(), jti, client.tokenFormat(), scope, audiences);
        } catch (RuntimeException e) {
            if (opaqueHash != null) {
                unanswered.discard(opaqueHash); // committed, but the client is told it failed
            }
            throw e;
        }
        metrics.tokenIssued(tenant, grantType, client.tokenFormat());
        return new IssuedToken(token, lifetime.toSeconds(), scope, audiences);
    }

    /**
     * Who an access token is for when a person signed in: the user's stable id (the token's
     * {@code sub}), the sign-in session, when and how they authenticated, and the claims the
     * client's mappings add ({@code org_id}, {@code roles}; empty by default: no personal data).
     */
    public record User(String userId, String sid, Instant authTime, String acr, Map<String, Object> mappedClaims) {
        public User {
            mappedClaims = Map.copyOf(mappedClaims);
        }
    }

    /** How long the tenant's access tokens live (the same for every grant). */
    public Duration lifetime(String tenant) {
        return tenants.find(tenant)
                .orElseThrow(() -> new IllegalStateException("no tenant " + tenant))
                .accessTokenLifetime();
    }

    /**
     * A new access token of {@code tenant} for {@code user} signed in to {@code client} (RFC 9068
     * §2.2: {@code sub} is the user, with the claims client_id, scope, auth_time, acr and sid), with
     * the tenant's lifetime.
     *
     * @param jti the token's id, chosen by the caller so that it can be recorded before the token exists
     */
    public IssuedToken mintForUser(
            String tenant,
            ClientRecord client,
            String grantType,
            String jti,
            User user,
            List<String> scopes,
            List<String> audiences) {
        Duration lifetime = lifetime(tenant);
        Instant now = clock.instant();
        Instant exp = now.plus(lifetime);
        String scope = String.join(" ", scopes);
        String token;
        String opaqueHash = null;
        if ("opaque".equals(client.tokenFormat())) {
            token = Secrets.generate();
            opaqueHash = Secrets.hash(token);
            insertOpaque(new TokenStore.OpaqueToken(
                    opaqueHash, tenant, client.clientId(), jti, scope, audiences, now, exp, null, user.userId()));
        } else {
            JwtClaims.Builder claims = baseClaims(tenant, client.clientId(), user.userId(), now, exp, jti, audiences)
                    .claim("auth_time", user.authTime().getEpochSecond())
                    .claim("acr", user.acr())
                    .claim("sid", user.sid());
            if (!scope.isEmpty()) {
                claims.claim("scope", scope);
            }
            user.mappedClaims().forEach(claims::claim);
            token = keys.sign(tenant, claims.build());
        }
        try {
            audit.tokenIssued(tenant, client.clientId(), jti, client.tokenFormat(), scope, audiences);
        } catch (RuntimeException e) {
            if (opaqueHash != null) {
                unanswered.discard(opaqueHash);
            }
            throw e;
        }
        metrics.tokenIssued(tenant, grantType, client.tokenFormat());
        return new IssuedToken(token, lifetime.toSeconds(), scope, audiences);
    }

    private JwtClaims.Builder baseClaims(
            String tenant, String clientId, String subject, Instant now, Instant exp, String jti, List<String> aud) {
        JwtClaims.Builder claims = JwtClaims.builder()
                .issuer(issuers.issuer(tenant))
                .subject(subject)
                .issuedAt(now)
                .expiresAt(exp)
                .jwtId(jti)
                .claim("client_id", clientId);
        if (aud.size() == 1) {
            claims.audience(aud.get(0));
        } else {
            claims.audience(aud);
        }
        return claims;
    }

    /**
     * Inserts (and commits) an opaque token before it is answered. When the insert fails, whether
     * it committed may be unknown (the connection broke after the statement was sent): the client
     * is told it failed, so the row is discarded, now or once the database answers again.
     */
    private void insertOpaque(TokenStore.OpaqueToken t) {
        try {
            tokens.insertOpaque(t);
        } catch (RuntimeException e) {
            unanswered.discard(t.tokenHash());
            throw e;
        }
    }

    private String sign(
            String tenant,
            ClientRecord client,
            Instant now,
            Instant exp,
            String jti,
            String scope,
            List<String> audiences) {
        // RFC 9068 §2.2: iss, exp, aud, sub, client_id, iat, jti; scope when granted.
        JwtClaims.Builder claims = JwtClaims.builder()
                .issuer(issuers.issuer(tenant))
                .subject(client.clientId())
                .issuedAt(now)
                .expiresAt(exp)
                .jwtId(jti)
                .claim("client_id", client.clientId());
        if (audiences.size() == 1) {
            claims.audience(audiences.get(0));
        } else {
            claims.audience(audiences);
        }
        if (!scope.isEmpty()) {
            claims.claim("scope", scope);
        }
        return keys.sign(tenant, claims.build()); // never with a key this node knows to be revoked
    }
}
