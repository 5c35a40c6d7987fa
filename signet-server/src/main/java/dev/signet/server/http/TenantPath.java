package dev.signet.server.http;

import dev.signet.jose.UntrustedText;
import dev.signet.server.config.ConfigException;
import dev.signet.server.config.ConfigLoader;
import dev.signet.server.store.TenantStore;
import io.javalin.http.Context;

/** The {@code {tenant}} path parameter, checked to name an existing tenant (else 404). */
final class TenantPath {

    private TenantPath() {}

    static String existing(TenantStore tenants, Context ctx) {
        String name = ctx.pathParam("tenant");
        // A name no tenant can have is not looked up (a NUL byte, say, is an error to PostgreSQL).
        if (!isTenantName(name) || tenants.find(name).isEmpty()) {
            throw HttpError.notFound("no tenant named " + UntrustedText.printable(name));
        }
        return name;
    }

    private static boolean isTenantName(String name) {
        try {
            ConfigLoader.tenantName("tenant", name);
            return true;
        } catch (ConfigException e) {
            return false;
        }
    }
}
