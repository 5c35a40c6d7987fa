package dev.signet.server.http;

import dev.signet.jose.UntrustedText;
import dev.signet.server.admin.AdminCredentials;
import dev.signet.server.admin.ClientAdmin;
import dev.signet.server.admin.TenantAdmin;
import dev.signet.server.audit.AuditEntry;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.client.ClientRuleViolation;
import dev.signet.server.client.ClientRules;
import dev.signet.server.config.ConfigException;
import dev.signet.server.config.ConfigLoader;
import dev.signet.server.keys.SigningKeyRing;
import dev.signet.server.store.ClientRecord;
import dev.signet.server.store.TenantStore;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API (JSON), behind the admin bearer credential: tenants (list), clients (register,
 * rotate secret, enable, disable), keys (list, rotate, revoke) and the audit log.
 */
final class AdminEndpoints {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final AdminCredentials credentials;
    private final TenantStore tenants;
    private final SigningKeyRing keys;
    private final AuditLog audit;
    private final ClientAdmin clients;
    private final TenantAdmin tenantAdmin;
    private final int maxRequestBytes;

    AdminEndpoints(
            AdminCredentials credentials,
            TenantStore tenants,
            SigningKeyRing keys,
            AuditLog audit,
            ClientAdmin clients,
            TenantAdmin tenantAdmin,
            int maxRequestBytes) {
        this.tenantAdmin = tenantAdmin;
        this.credentials = credentials;
        this.tenants = tenants;
        this.keys = keys;
        this.audit = audit;
        this.clients = clients;
        this.maxRequestBytes = maxRequestBytes;
    }

    /** Runs before every {@code /admin/…} request. */
    void requireAdmin(Context ctx) {
        String auth = ctx.header("Authorization");
        if (!ClientAuthentication.isBearer(auth)
                || !credentials.verify(auth.substring(7).trim())) {
            throw AdminApiError.unauthorized("the admin API needs Authorization: Bearer <admin credential>");
        }
    }

    void listTenants(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TenantStore.Tenant t : tenants.list()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put("algorithm", t.algorithm());
            m.put("access_token_lifetime_seconds", t.accessTokenLifetime().toSeconds());
            out.add(m);
        }
        ok(ctx, 200, Map.of("tenants", out));
    }

    /** {@code POST /admin/tenants}: {@code {"name", "algorithm", "access_token_lifetime_seconds"}}. */
    void createTenant(Context ctx) {
        JsonNode body = jsonBody(ctx);
        String name = string(body, "name", null);
        JsonNode algNode = body.get("algorithm");
        String alg = algNode == null || algNode.isNull() ? null : string(body, "algorithm", null);
        JsonNode lifetime = body.get("access_token_lifetime_seconds");
        if (lifetime != null && !lifetime.isNull() && !(lifetime.isIntegralNumber() && lifetime.canConvertToLong())) {
            throw AdminApiError.invalidRequest("access_token_lifetime_seconds must be a whole number");
        }
        Long seconds = lifetime == null || lifetime.isNull() ? null : lifetime.asLong();
        TenantStore.Tenant t = guarded(() -> tenantAdmin.create(name, alg, seconds));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("algorithm", t.algorithm());
        m.put("access_token_lifetime_seconds", t.accessTokenLifetime().toSeconds());
        m.put("active_key", keys.snapshot(t.name()).active().kid());
        ok(ctx, 201, m);
    }

    void listClients(Context ctx) {
        String tenant = tenant(ctx);
        List<Map<String, Object>> out = new ArrayList<>();
        for (ClientRecord c : clients.list(tenant)) {
            out.add(describe(c));
        }
        ok(ctx, 200, Map.of("clients", out));
    }

    /** {@code POST /admin/tenants/T/clients}: the answer holds the new secret, the only time it is shown. */
    void registerClient(Context ctx) {
        String tenant = tenant(ctx);
        JsonNode body = jsonBody(ctx);
        String id = string(body, "id", null);
        String type = string(body, "type", ClientRecord.CONFIDENTIAL);
        boolean isPublic = type.equals(ClientRecord.PUBLIC);
        String method =
                body.has("auth_method") && !body.get("auth_method").isNull() ? string(body, "auth_method", null) : null;
        List<String> grants = strings(body, "grants", List.of(isPublic ? "authorization_code" : "client_credentials"));
        List<String> scopes = strings(body, "scopes", List.of());
        List<String> audiences = strings(body, "audiences", List.of());
        String format = string(body, "token_format", "jwt");
        JsonNode jwks = body.get("jwks");
        JsonNode jwksUriNode = body.get("jwks_uri");
        String jwksUri = jwksUriNode == null || jwksUriNode.isNull() ? null : string(body, "jwks_uri", null);
        ClientAdmin.Issued issued = guarded(() -> clients.register(
                tenant,
                new ClientAdmin.Registration(
                        id,
                        method,
                        grants,
                        scopes,
                        audiences,
                        format,
                        jwks == null || jwks.isNull() ? null : jwks,
                        jwksUri,
                        type,
                        strings(body, "redirect_uris", List.of()),
                        strings(body, "post_logout_redirect_uris", List.of()),
                        bool(body, "require_mfa"),
                        new ClientRecord.RefreshLifetimes(
                                duration(body, "refresh_idle", ClientRecord.RefreshLifetimes.DEFAULT.idle()),
                                duration(body, "refresh_absolute", ClientRecord.RefreshLifetimes.DEFAULT.absolute()),
                                duration(
                                        body,
                                        "refresh_reuse_grace",
                                        ClientRecord.RefreshLifetimes.DEFAULT.reuseGrace())),
                        strings(body, "claims", List.of()))));
        ok(ctx, 201, withSecret(issued));
    }

    void rotateSecret(Context ctx) {
        String tenant = tenant(ctx);
        String id = ctx.pathParam("client");
        ok(ctx, 200, withSecret(guarded(() -> clients.rotateSecret(tenant, id))));
    }

    void disableClient(Context ctx) {
        setEnabled(ctx, false);
    }

    void enableClient(Context ctx) {
        setEnabled(ctx, true);
    }

    private void setEnabled(Context ctx, boolean enabled) {
        String tenant = tenant(ctx);
        String id = ctx.pathParam("client");
        ok(ctx, 200, describe(guarded(() -> clients.setEnabled(tenant, id, enabled))));
    }

    void listKeys(Context ctx) {
        String tenant = tenant(ctx);
        List<Map<String, Object>> out = new ArrayList<>();
        keys.states(tenant).forEach((kid, state) -> {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("kid", kid);
            k.put("state", state);
            out.add(k);
        });
        ok(ctx, 200, Map.of("keys", out));
    }

    void rotateKeys(Context ctx) {
        String tenant = tenant(ctx);
        ok(
                ctx,
                200,
                Map.of(
                        "pending",
                        keys.rotate(tenant),
                        "active",
                        keys.snapshot(tenant).active().kid()));
    }

    void revokeKey(Context ctx) {
        String tenant = tenant(ctx);
        String kid = ctx.pathParam("kid");
        if (!keys.revoke(tenant, kid)) {
            throw AdminApiError.notFound("no published key " + UntrustedText.printable(kid) + " in tenant " + tenant);
        }
        ok(
                ctx,
                200,
                Map.of("revoked", kid, "active", keys.snapshot(tenant).active().kid()));
    }

    void auditLog(Context ctx) {
        String tenant = tenant(ctx);
        List<Map<String, Object>> out = new ArrayList<>();
        for (AuditEntry e : audit.recent(tenant, 200)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id());
            m.put("at", e.at().toString());
            m.put("type", e.type());
            m.put("subject", e.subject());
            m.put("detail", e.detail());
            out.add(m);
        }
        ok(ctx, 200, Map.of("events", out));
    }

    private static Map<String, Object> describe(ClientRecord c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.clientId());
        m.put("auth_method", c.authMethod());
        m.put("grants", c.grants());
        m.put("scopes", c.scopes());
        m.put("audiences", c.audiences());
        m.put("token_format", c.tokenFormat());
        m.put("enabled", c.enabled());
        if (c.jwksUri() != null) {
            m.put("jwks_uri", c.jwksUri());
        }
        m.put("type", c.type());
        m.put("redirect_uris", c.redirectUris());
        m.put("post_logout_redirect_uris", c.postLogoutRedirectUris());
        m.put("require_mfa", c.requireMfa());
        m.put("refresh_idle", ConfigLoader.formatDuration(c.refresh().idle()));
        m.put("refresh_absolute", ConfigLoader.formatDuration(c.refresh().absolute()));
        m.put("refresh_reuse_grace", ConfigLoader.formatDuration(c.refresh().reuseGrace()));
        m.put("claims", c.claims());
        return m;
    }

    private static Map<String, Object> withSecret(ClientAdmin.Issued issued) {
        Map<String, Object> m = describe(issued.client());
        if (issued.secret() != null) {
            m.put("client_secret", issued.secret());
        }
        return m;
    }

    private static <T> T guarded(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (ClientRuleViolation | ConfigException e) {
            throw AdminApiError.invalidRequest(e.getMessage());
        } catch (ClientAdmin.ClientConflict e) {
            throw AdminApiError.conflict(e.getMessage());
        } catch (NoSuchElementException e) {
            throw AdminApiError.notFound(e.getMessage());
        }
    }

    private JsonNode jsonBody(Context ctx) {
        String type = RequestBody.contentType(ctx);
        if (type == null || !type.split(";", -1)[0].trim().equalsIgnoreCase("application/json")) {
            throw AdminApiError.invalidRequest("Content-Type must be application/json");
        }
        try {
            JsonNode node = JSON.readTree(RequestBody.read(ctx, maxRequestBytes));
            if (node == null || !node.isObject()) {
                throw AdminApiError.invalidRequest("the body must be a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw AdminApiError.invalidRequest(
                    "the body is not valid JSON: " + UntrustedText.printable(e.getOriginalMessage()));
        }
    }

    private static String string(JsonNode body, String field, String dflt) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (dflt == null) {
                throw AdminApiError.invalidRequest(field + " is required");
            }
            return dflt;
        }
        if (!v.isString()) {
            throw AdminApiError.invalidRequest(field + " must be a string");
        }
        return v.asString();
    }

    private static boolean bool(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw AdminApiError.invalidRequest(field + " must be true or false");
        }
        return v.asBoolean();
    }

    /** A duration as the configuration writes it ({@code 14d}, {@code 0s}). */
    private static java.time.Duration duration(JsonNode body, String field, java.time.Duration dflt) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isString()) {
            throw AdminApiError.invalidRequest(field + " must be a duration such as \"14d\" or \"0s\"");
        }
        try {
            return ConfigLoader.parseDuration(
                    field, v.asString(), java.time.Duration.ZERO, ClientRules.MAX_REFRESH_LIFETIME, "a duration");
        } catch (ConfigException e) {
            throw AdminApiError.invalidRequest(e.getMessage());
        }
    }

    private static List<String> strings(JsonNode body, String field, List<String> dflt) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isArray()) {
            throw AdminApiError.invalidRequest(field + " must be an array of strings");
        }
        java.util.Set<String> out = new java.util.LinkedHashSet<>(); // each once, in order; linear in the size
        for (JsonNode e : v.values()) {
            if (!e.isString()) {
                throw AdminApiError.invalidRequest(field + " must be an array of strings");
            }
            out.add(e.asString());
        }
        return new ArrayList<>(out);
    }

    private static void ok(Context ctx, int status, Object body) {
        Responses.noStore(ctx);
        Responses.json(ctx, status, body);
    }

    private String tenant(Context ctx) {
        return TenantPath.existing(tenants, ctx);
    }
}
