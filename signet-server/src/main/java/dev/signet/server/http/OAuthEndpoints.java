package dev.signet.server.http;

import dev.signet.server.keys.SigningKeyRing;
import dev.signet.server.oauth.ClientAuthenticator;
import dev.signet.server.oauth.ClientCredentials;
import dev.signet.server.oauth.Discovery;
import dev.signet.server.oauth.IntrospectionService;
import dev.signet.server.oauth.IssuedToken;
import dev.signet.server.oauth.OAuthError;
import dev.signet.server.oauth.TokenRequest;
import dev.signet.server.oauth.TokenService;
import dev.signet.server.oauth.UserInfo;
import dev.signet.server.store.ClientRecord;
import dev.signet.server.store.TenantStore;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The per-tenant OAuth endpoints: parse and check the request, call a service, write the answer. */
final class OAuthEndpoints {

    private final TenantStore tenants;
    private final ClientAuthenticator authenticator;
    private final TokenService tokens;
    private final IntrospectionService introspection;
    private final Discovery discovery;
    private final SigningKeyRing keys;
    private final int maxRequestBytes;
    /** Null where the server answers no userinfo requests. */
    private final UserInfo userInfo;

    OAuthEndpoints(
            TenantStore tenants,
            ClientAuthenticator authenticator,
            TokenService tokens,
            IntrospectionService introspection,
            Discovery discovery,
            SigningKeyRing keys,
            int maxRequestBytes,
            UserInfo userInfo) {
        this.userInfo = userInfo;
        this.tenants = tenants;
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.introspection = introspection;
        this.discovery = discovery;
        this.keys = keys;
        this.maxRequestBytes = maxRequestBytes;
    }

    /** {@code POST <issuer>/token} (RFC 6749 §3.2, §4.4). */
    void token(Context ctx) {
        String tenant = tenant(ctx);
        FormBody form = form(ctx, List.of("resource"));
        ClientRecord client = authenticateOrPublic(ctx, tenant, form);
        IssuedToken issued = tokens.issue(
                tenant,
                client,
                new TokenRequest(
                        form.get("grant_type"),
                        form.has("scope") ? form.get("scope") : null,
                        form.all("resource"),
                        form));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issued.accessToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", issued.expiresInSeconds());
        if (!issued.scope().isEmpty()) {
            body.put("scope", issued.scope());
        }
        if (issued.refreshToken() != null) {
            body.put("refresh_token", issued.refreshToken());
        }
        if (issued.idToken() != null) {
            body.put("id_token", issued.idToken());
        }
        Responses.noStore(ctx);
        Responses.json(ctx, 200, body);
    }

    /** {@code POST <issuer>/introspect} (RFC 7662 §2). */
    void introspect(Context ctx) {
        String tenant = tenant(ctx);
        FormBody form = form(ctx, List.of());
        authenticate(ctx, tenant, form);
        String token = form.get("token");
        if (token == null) {
            throw OAuthError.invalidRequest("token is required");
        }
        Responses.noStore(ctx);
        Responses.json(ctx, 200, introspection.introspect(tenant, token));
    }

    /** {@code POST <issuer>/revoke} (RFC 7009 §2). */
    void revoke(Context ctx) {
        String tenant = tenant(ctx);
        FormBody form = form(ctx, List.of());
        ClientRecord client = authenticateOrPublic(ctx, tenant, form);
        String token = form.get("token");
        if (token == null) {
            throw OAuthError.invalidRequest("token is required");
        }
        introspection.revoke(tenant, client.clientId(), token);
        Responses.noStore(ctx);
        ctx.status(200).result("");
    }

    /**
     * {@code GET/POST <issuer>/userinfo} (OpenID Connect Core §5.3) with the access token in the
     * {@code Authorization: Bearer} header (RFC 6750 §2.1); refusals carry their
     * {@code WWW-Authenticate} challenge (RFC 6750 §3).
     */
    void userinfo(Context ctx) {
        String tenant = tenant(ctx);
        String auth = ctx.header("Authorization");
        if (auth == null) {
            throw new BearerRefusal(null, 401, "an access token is required (Authorization: Bearer)");
        }
        if (!ClientAuthentication.isBearer(auth) || auth.substring(7).isBlank()) {
            throw new BearerRefusal("invalid_request", 400, "the Authorization header must be Bearer <token>");
        }
        try {
            Map<String, Object> claims =
                    userInfo.claims(tenant, auth.substring(7).trim());
            Responses.noStore(ctx);
            Responses.json(ctx, 200, claims);
        } catch (UserInfo.Denied e) {
            throw new BearerRefusal(e.error(), e.status(), e.getMessage());
        }
    }

    /** RFC 8414 and OpenID discovery document. */
    void metadata(Context ctx) {
        String tenant = tenant(ctx);
        ctx.header(
                "Cache-Control", "public, max-age=" + keys.policy().jwksMaxAge().toSeconds());
        Responses.json(ctx, 200, discovery.metadata(tenant));
    }

    /** {@code GET <issuer>/jwks}: public keys only, cacheable, with an entity tag. */
    void jwks(Context ctx) {
        String tenant = tenant(ctx);
        SigningKeyRing.Snapshot s = keys.snapshot(tenant);
        ctx.header(
                "Cache-Control", "public, max-age=" + keys.policy().jwksMaxAge().toSeconds());
        ctx.header("ETag", s.etag());
        String ifNoneMatch = ctx.header("If-None-Match");
        if (ifNoneMatch != null && matches(ifNoneMatch, s.etag())) {
            ctx.status(304).result("");
            return;
        }
        ctx.status(200).contentType("application/jwk-set+json;charset=UTF-8").result(s.jwksJson());
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",", -1)) {
            String c = candidate.trim();
            if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private String tenant(Context ctx) {
        return TenantPath.existing(tenants, ctx);
    }

    private ClientRecord authenticate(Context ctx, String tenant, FormBody form) {
        ClientCredentials credentials = ClientAuthentication.read(ctx.header("Authorization"), form);
        // The peer's address, never a forwarded-for header: a request cannot choose whose budget it spends.
        return authenticator.authenticate(tenant, credentials, ctx.req().getRemoteAddr());
    }

    /**
     * As {@link #authenticate}, and where the request presents no credentials but a
     * {@code client_id}, a public client (auth method {@code none}) of that id.
     */
    private ClientRecord authenticateOrPublic(Context ctx, String tenant, FormBody form) {
        ClientCredentials credentials = ClientAuthentication.read(ctx.header("Authorization"), form);
        if (credentials == null && form.get("client_id") != null) {
            return authenticator.authenticatePublic(
                    tenant, form.get("client_id"), ctx.req().getRemoteAddr());
        }
        return authenticator.authenticate(tenant, credentials, ctx.req().getRemoteAddr());
    }

    private FormBody form(Context ctx, List<String> repeatable) {
        FormBody.requireFormContentType(RequestBody.contentType(ctx));
        if (ctx.req().getQueryString() != null) {
            // Parameters belong in the body: credentials in a URL end up in logs (RFC 6749 §2.3.1).
            throw OAuthError.invalidRequest("parameters must be sent in the request body, not the query string");
        }
        return FormBody.parse(RequestBody.read(ctx, maxRequestBytes), repeatable);
    }
}
