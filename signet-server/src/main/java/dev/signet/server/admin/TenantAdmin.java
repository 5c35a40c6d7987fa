package dev.signet.server.admin;

import dev.signet.jose.JwsAlgorithm;
import dev.signet.server.audit.AuditEvent;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.config.ConfigException;
import dev.signet.server.config.ConfigLoader;
import dev.signet.server.keys.SigningKeyRing;
import dev.signet.server.store.TenantStore;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/** Tenant management for the admin API: a new tenant is an issuer with its own signing key at once. */
public final class TenantAdmin {

    private final TenantStore tenants;
    private final SigningKeyRing keys;
    private final AuditLog audit;
    private final Clock clock;
    private final JwsAlgorithm defaultAlgorithm;
    private final Duration defaultLifetime;
    private final Duration maxLifetime;
    private final Consumer<String> created;

    /** @param created told the name of each tenant created (the metrics start watching its key) */
    public TenantAdmin(
            TenantStore tenants,
            SigningKeyRing keys,
            AuditLog audit,
            Clock clock,
            JwsAlgorithm defaultAlgorithm,
            Duration defaultLifetime,
            Duration maxLifetime,
            Consumer<String> created) {
        this.created = created;
        this.tenants = tenants;
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
        this.defaultAlgorithm = defaultAlgorithm;
        this.defaultLifetime = defaultLifetime;
        this.maxLifetime = maxLifetime;
    }

    /**
     * Creates a tenant and its first signing key; a null algorithm or lifetime takes the configured default.
     *
     * @throws ConfigException naming the field that is not acceptable
     * @throws ClientAdmin.ClientConflict when the name is taken
     */
    public TenantStore.Tenant create(String name, String algorithm, Long lifetimeSecondsOrNull) {
        ConfigLoader.tenantName("name", name);
        JwsAlgorithm alg = algorithm == null
                ? defaultAlgorithm
                : ConfigLoader.requireAvailable(
                        "algorithm", ConfigLoader.algorithm("algorithm", algorithm), "this server's crypto provider");
        long lifetimeSeconds = lifetimeSecondsOrNull == null ? defaultLifetime.toSeconds() : lifetimeSecondsOrNull;
        Duration lifetime = Duration.ofSeconds(lifetimeSeconds);
        if (lifetimeSeconds < 10 || lifetime.compareTo(maxLifetime) > 0) {
            throw new ConfigException(
                    "access_token_lifetime_seconds",
                    lifetimeSeconds + " is not allowed; expected 10 up to tokens.max-access-token-lifetime ("
                            + maxLifetime.toSeconds() + ")");
        }
        if (tenants.find(name).isPresent()) {
            throw new ClientAdmin.ClientConflict("tenant " + name + " exists already");
        }
        TenantStore.Tenant t = new TenantStore.Tenant(name, alg.identifier(), lifetime);
        tenants.upsert(t, clock.instant());
        audit.record(
                name,
                AuditEvent.TENANT_CREATED,
                name,
                "algorithm=" + alg.identifier() + " access-token-lifetime=" + lifetimeSeconds + "s");
        keys.maintain(name);
        created.accept(name);
        return t;
    }
}
