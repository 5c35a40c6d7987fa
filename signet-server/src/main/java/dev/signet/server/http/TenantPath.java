package dev.signet.server.http;

import dev.signet.jose.UntrustedText;
import dev.signet.server.store.TenantStore;
import io.javalin.http.Context;

/** The {@code {tenant}} path parameter, checked to name an existing tenant (else 404). */
final class TenantPath {

    private TenantPath() {}

    static String existing(TenantStore tenants, Context ctx) {
        String name = ctx.pathParam("tenant");
        if (tenants.find(name).isEmpty()) {
            throw HttpError.notFound("no tenant named " + UntrustedText.printable(name));
        }
        return name;
    }
}
