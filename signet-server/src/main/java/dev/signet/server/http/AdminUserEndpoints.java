package dev.signet.server.http;

import dev.signet.jose.UntrustedText;
import dev.signet.server.identity.IdentityRuleViolation;
import dev.signet.server.identity.UserAccount;
import dev.signet.server.identity.Users;
import dev.signet.server.store.TenantStore;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API's user routes (JSON, behind the admin credential like the rest of {@code /admin}):
 * create, list, get, disable, enable, unlock, reset the password, reset the second factor. No
 * answer holds a password hash or a second-factor secret; a one-time reset link's secret is
 * answered once, when it is made.
 */
final class AdminUserEndpoints {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final TenantStore tenants;
    private final Users users;
    private final int maxRequestBytes;

    AdminUserEndpoints(TenantStore tenants, Users users, int maxRequestBytes) {
        this.tenants = tenants;
        this.users = users;
        this.maxRequestBytes = maxRequestBytes;
    }

    void list(Context ctx) {
        String tenant = TenantPath.existing(tenants, ctx);
        List<Map<String, Object>> out = new ArrayList<>();
        for (UserAccount u : users.list(tenant)) {
            out.add(describe(u));
        }
        ok(ctx, 200, Map.of("users", out));
    }

    /**
     * {@code POST /admin/tenants/T/users}: {@code {"username", "password", "email", "name", "roles",
     * "password_change_required"}}.
     */
    void create(Context ctx) {
        String tenant = TenantPath.existing(tenants, ctx);
        JsonNode body = body(ctx, true);
        Users.NewUser u = new Users.NewUser(
                string(body, "username", true),
                string(body, "password", true),
                string(body, "email", false),
                string(body, "name", false),
                strings(body, "roles"),
                bool(body, "password_change_required"));
        ok(ctx, 201, describe(guarded(() -> users.create(tenant, u))));
    }

    void get(Context ctx) {
        String tenant = TenantPath.existing(tenants, ctx);
        String id = ctx.pathParam("user");
        UserAccount u = users.find(tenant, id)
                .orElseThrow(() ->
                        AdminApiError.notFound("no user " + UntrustedText.printable(id) + " in tenant " + tenant));
        Map<String, Object> m = describe(u);
        users.lockedUntil(tenant, id).ifPresent(t -> m.put("locked_until", t.toString()));
        ok(ctx, 200, m);
    }

    void disable(Context ctx) {
        String tenant = TenantPath.existing(tenants, ctx);
        ok(ctx, 200, describe(guarded(() -> users.disable(tenant, ctx.pathParam("user")))));
    }

    void enable(Context ctx) {
        String tenant = TenantPath.existing(tenants, ctx);
        ok(ctx, 200, describe(guarded(() -> users.enable(tenant, ctx.pathParam("user")))));
    }

    void unlock(Context ctx) {
        String tenant = TenantPath.existing(tenants, ctx);
        ok(ctx, 200, describe(guarded(() -> users.unlock(tenant, ctx.pathParam("user")))));
    }

    void resetMfa(Context ctx) {
        String tenant = TenantPath.existing(tenants, ctx);
        ok(ctx, 200, describe(guarded(() -> users.resetMfa(tenant, ctx.pathParam("user")))));
    }

    /**
     * {@code POST .../reset-password}: no body (or {@code {}}) requires a new password at the next
     * sign-in; {@code {"password": "..."}} sets a temporary one that must be changed at the next
     * sign-in; {@code {"link": true}} answers a one-time reset secret (shown once, valid 30 minutes)
     * and changes nothing until it is used.
     */
    void resetPassword(Context ctx) {
        String tenant = TenantPath.existing(tenants, ctx);
        String id = ctx.pathParam("user");
        JsonNode body = body(ctx, false);
        String temporary = body == null ? null : string(body, "password", false);
        boolean link = body != null && bool(body, "link");
        if (link && temporary != null) {
            throw AdminApiError.invalidRequest("give either password or link, not both");
        }
        if (link) {
            Users.ResetLink issued = guarded(() -> users.issueResetLink(tenant, id));
            Map<String, Object> m =
                    describe(guarded(() -> users.find(tenant, id).orElseThrow()));
            m.put("reset_token", issued.token());
            m.put("reset_token_expires_at", issued.expiresAt().toString());
            ok(ctx, 200, m);
            return;
        }
        ok(ctx, 200, describe(guarded(() -> users.resetPassword(tenant, id, temporary))));
    }

    private static Map<String, Object> describe(UserAccount u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user_id", u.userId());
        m.put("username", u.username());
        m.put("email", u.email());
        m.put("email_verified", u.emailVerified());
        m.put("name", u.name());
        m.put("roles", u.roles());
        m.put("enabled", u.enabled());
        m.put("password_change_required", u.passwordChangeRequired());
        m.put("totp_enrolled", u.totpEnrolled());
        return m;
    }

    private static <T> T guarded(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (IdentityRuleViolation e) {
            throw AdminApiError.invalidRequest(e.getMessage());
        } catch (Users.UsernameTaken e) {
            throw AdminApiError.conflict(e.getMessage());
        } catch (NoSuchElementException e) {
            throw AdminApiError.notFound(e.getMessage());
        }
    }

    /** The JSON object of the body; null when the body is empty and {@code required} is false. */
    private JsonNode body(Context ctx, boolean required) {
        byte[] bytes = RequestBody.read(ctx, maxRequestBytes);
        if (bytes.length == 0 && !required) {
            return null;
        }
        String type = RequestBody.contentType(ctx);
        if (type == null || !type.split(";", -1)[0].trim().equalsIgnoreCase("application/json")) {
            throw AdminApiError.invalidRequest("Content-Type must be application/json");
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw AdminApiError.invalidRequest("the body must be a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw AdminApiError.invalidRequest(
                    "the body is not valid JSON: " + UntrustedText.printable(e.getOriginalMessage()));
        }
    }

    private static String string(JsonNode body, String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw AdminApiError.invalidRequest(field + " is required");
            }
            return null;
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

    private static List<String> strings(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw AdminApiError.invalidRequest(field + " must be an array of strings");
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
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
}
