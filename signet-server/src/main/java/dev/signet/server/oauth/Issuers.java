package dev.signet.server.oauth;

import java.util.function.Supplier;

/**
 * The issuer identifier of a tenant: {@code <base URL>/tenants/<name>}. The base URL is configured
 * (or derived from the bound address at start-up), never read from request headers.
 */
public final class Issuers {

    private final Supplier<String> baseUrl;

    public Issuers(Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String baseUrl() {
        return baseUrl.get();
    }

    public String issuer(String tenant) {
        return baseUrl.get() + "/tenants/" + tenant;
    }
}
