package dev.signet.server.http;

import dev.signet.server.admin.AdminCredentials;
import dev.signet.server.keys.SigningKeyRing;
import dev.signet.server.oauth.OAuthError;
import dev.signet.server.oauth.Untrusted;
import dev.signet.server.store.AuditLog;
import dev.signet.server.store.TenantStore;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The admin API (JSON), behind the admin bearer credential: keys (list, revoke) and the audit log. */
final class AdminEndpoints {

    private final AdminCredentials credentials;
    private final TenantStore tenants;
    private final SigningKeyRing keys;
    private final AuditLog audit;

    AdminEndpoints(AdminCredentials credentials, TenantStore tenants, SigningKeyRing keys, AuditLog audit) {
        this.credentials = credentials;
        this.tenants = tenants;
        this.keys = keys;
        this.audit = audit;
    }

    /** Runs before every {@code /admin/…} request. */
    void requireAdmin(Context ctx) {
        String auth = ctx.header("Authorization");
        if (!ClientAuthentication.isBearer(auth) || !credentials.verify(auth.substring(7).trim())) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"signet-admin\"");
            throw OAuthError.other("unauthorized", 401, "the admin API needs Authorization: Bearer <admin credential>");
        }
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
        Responses.noStore(ctx);
        Responses.json(ctx, 200, Map.of("keys", out));
    }

    void revokeKey(Context ctx) {
        String tenant = tenant(ctx);
        String kid = ctx.pathParam("kid");
        if (!keys.revoke(tenant, kid)) {
            throw OAuthError.other("not_found", 404, "no published key " + Untrusted.printable(kid) + " in tenant " + tenant);
        }
        Responses.noStore(ctx);
        Responses.json(ctx, 200, Map.of("revoked", kid, "active", keys.snapshot(tenant).active().kid()));
    }

    void auditLog(Context ctx) {
        String tenant = tenant(ctx);
        List<Map<String, Object>> out = new ArrayList<>();
        for (AuditLog.Event e : audit.recent(tenant, 200)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id());
            m.put("at", e.at().toString());
            m.put("type", e.type());
            m.put("subject", e.subject());
            m.put("detail", e.detail());
            out.add(m);
        }
        Responses.noStore(ctx);
        Responses.json(ctx, 200, Map.of("events", out));
    }

    private String tenant(Context ctx) {
        return TenantPath.existing(tenants, ctx);
    }
}
