package dev.signet.server.oauth;

import dev.signet.jose.UntrustedText;
import dev.signet.jose.JoseException;
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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Issues access tokens for the client-credentials grant (RFC 6749 §4.4) as RFC 9068 JWTs or opaque references. */
public final class TokenService {

    public static final String CLIENT_CREDENTIALS = "client_credentials";

    private final TenantStore tenants;
    private final SigningKeyRing keys;
    private final TokenStore tokens;
    private final AuditLog audit;
    private final Clock clock;
    private final Issuers issuers;
    private final Metrics metrics;

    public TokenService(TenantStore tenants, SigningKeyRing keys, TokenStore tokens, AuditLog audit, Clock clock,
            Issuers issuers, Metrics metrics) {
        this.metrics = metrics;
        this.tenants = tenants;
        this.keys = keys;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
        this.issuers = issuers;
    }

    /** Answers a token request from an authenticated client. */
    public IssuedToken issue(String tenant, ClientRecord client, TokenRequest request) {
        if (request.grantType() == null) {
            throw OAuthError.invalidRequest("grant_type is required");
        }
        if (!CLIENT_CREDENTIALS.equals(request.grantType())) {
            throw OAuthError.unsupportedGrantType("grant_type '" + request.grantType()
                    + "' is not supported; supported: client_credentials");
        }
        if (!client.grants().contains(CLIENT_CREDENTIALS)) {
            throw OAuthError.unauthorizedClient("this client may not use the client_credentials grant");
        }
        List<String> scopes = grantedScopes(client, request.scope());
        List<String> audiences = audiences(client, request.resources());
        TenantStore.Tenant t = tenants.find(tenant).orElseThrow(() -> new IllegalStateException("no tenant " + tenant));
        Duration lifetime = t.accessTokenLifetime();
        Instant now = clock.instant();
        Instant exp = now.plus(lifetime);
        String jti = Secrets.randomId();
        String scope = String.join(" ", scopes);
        String token;
        if ("opaque".equals(client.tokenFormat())) {
            token = Secrets.generate();
            tokens.insertOpaque(new TokenStore.OpaqueToken(Secrets.hash(token), tenant, client.clientId(), jti, scope,
                    audiences, now, exp, null));
        } else {
            token = sign(tenant, client, now, exp, jti, scope, audiences);
        }
        audit.tokenIssued(tenant, client.clientId(), jti, client.tokenFormat(), scope, audiences);
        metrics.tokenIssued(tenant, CLIENT_CREDENTIALS, client.tokenFormat());
        return new IssuedToken(token, lifetime.toSeconds(), scope, audiences);
    }

    private String sign(String tenant, ClientRecord client, Instant now, Instant exp, String jti, String scope,
            List<String> audiences) {
        SigningKeyRing.ActiveKey key = keys.snapshot(tenant).active();
        if (key == null) {
            throw new IllegalStateException("tenant " + tenant + " has no signing key");
        }
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
        try {
            return key.accessTokenSigner().sign(claims.build());
        } catch (JoseException e) {
            throw new IllegalStateException("signing with " + key.kid() + " failed: " + e.getMessage(), e);
        }
    }

    /** RFC 6749 §3.3: the requested scopes, each allowed to the client; none requested means all it is allowed. */
    static List<String> grantedScopes(ClientRecord client, String requested) {
        if (requested == null) {
            return client.scopes();
        }
        if (requested.isEmpty() || requested.startsWith(" ") || requested.endsWith(" ") || requested.contains("  ")) {
            throw OAuthError.invalidScope("scope must be scope tokens separated by single spaces");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String s : requested.split(" ")) {
            if (!client.scopes().contains(s)) {
                throw OAuthError.invalidScope("scope '" + UntrustedText.printable(s) + "' is not allowed for this client");
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    /** RFC 8707 §2: each requested resource must be one of the client's audiences; none means all of them. */
    static List<String> audiences(ClientRecord client, List<String> resources) {
        if (resources.isEmpty()) {
            return client.audiences();
        }
        List<String> out = new ArrayList<>();
        for (String r : resources) {
            if (!client.audiences().contains(r)) {
                throw OAuthError.invalidTarget("resource '" + UntrustedText.printable(r) + "' is not an audience of this client");
            }
            if (!out.contains(r)) {
                out.add(r);
            }
        }
        return out;
    }
}
