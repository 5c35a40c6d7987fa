package dev.signet.server.admin;

import dev.signet.server.Secrets;
import dev.signet.server.audit.AuditEvent;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.client.ClientSpec;
import dev.signet.server.config.TenantSpec;
import dev.signet.server.identity.UserBootstrap;
import dev.signet.server.store.ClientRecord;
import dev.signet.server.store.ClientStore;
import dev.signet.server.store.TenantStore;
import java.time.Clock;
import java.util.List;

/**
 * Applies the declarative {@code tenants:} section at start-up. Idempotent: applying the same
 * configuration twice changes nothing and audits nothing; clients not named in it are left alone.
 */
public final class TenantBootstrap {

    private final TenantStore tenants;
    private final ClientStore clients;
    private final AuditLog audit;
    private final Clock clock;
    private final UserBootstrap users;

    public TenantBootstrap(TenantStore tenants, ClientStore clients, AuditLog audit, Clock clock) {
        this(tenants, clients, audit, clock, null);
    }

    /** Also applies each tenant's {@code users:} and {@code require-mfa} ({@code users} null: not). */
    public TenantBootstrap(TenantStore tenants, ClientStore clients, AuditLog audit, Clock clock, UserBootstrap users) {
        this.tenants = tenants;
        this.clients = clients;
        this.audit = audit;
        this.clock = clock;
        this.users = users;
    }

    /** Creates or updates each tenant, client and user; returns how many records changed. */
    public int apply(List<TenantSpec> specs) {
        int changed = 0;
        for (TenantSpec t : specs) {
            if (tenants.upsert(
                    new TenantStore.Tenant(t.name(), t.algorithm().identifier(), t.accessTokenLifetime()),
                    clock.instant())) {
                changed++;
                audit.record(
                        t.name(),
                        AuditEvent.CONFIG_APPLIED,
                        t.name(),
                        "tenant: algorithm=" + t.algorithm().identifier() + " access-token-lifetime="
                                + t.accessTokenLifetime().toSeconds() + "s");
            }
            for (ClientSpec c : t.clients()) {
                ClientRecord r = new ClientRecord(
                        t.name(),
                        c.id(),
                        c.secret() == null ? null : Secrets.hash(c.secret()),
                        c.grants(),
                        c.scopes(),
                        c.audiences(),
                        c.tokenFormat(),
                        c.authMethod(),
                        true,
                        c.jwks(),
                        c.jwksUri(),
                        c.type(),
                        c.redirectUris(),
                        c.postLogoutRedirectUris(),
                        c.requireMfa(),
                        c.refresh(),
                        c.claims());
                if (clients.upsert(r, clock.instant())) {
                    changed++;
                    audit.record(
                            t.name(),
                            AuditEvent.CONFIG_APPLIED,
                            c.id(),
                            "client: grants=" + c.grants() + " scopes="
                                    + c.scopes() + " audiences=" + c.audiences() + " token-format=" + c.tokenFormat()
                                    + " auth-method=" + c.authMethod() + " type=" + c.type()
                                    + " redirect-uris=" + c.redirectUris()
                                    + (c.secret() == null ? " without secret" : " secret from " + c.secretSource()));
                }
            }
            if (users != null) {
                changed += users.apply(t);
            }
        }
        return changed;
    }
}
