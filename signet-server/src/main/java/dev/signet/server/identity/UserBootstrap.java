package dev.signet.server.identity;

import dev.signet.server.audit.AuditEvent;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.config.TenantSpec;
import java.util.List;
import java.util.Optional;

/**
 * Applies the {@code users:} and {@code require-mfa} of a bootstrap tenant. Idempotent: a user
 * that does not exist is created with the configured password (and TOTP secret); a user that
 * exists keeps the password and second factor they have now, which may have been changed since by
 * the user or an admin (a restart must not undo a reset or bring back a leaked secret), while
 * email, name and roles follow the configuration. Users not named in it are left alone.
 */
public final class UserBootstrap {

    private final Users users;
    private final TotpSecondFactor secondFactor;
    private final AuditLog audit;

    public UserBootstrap(Identity identity, AuditLog audit) {
        this.users = identity.users();
        this.secondFactor = identity.secondFactor();
        this.audit = audit;
    }

    /** Applies one tenant's users and MFA requirement; returns how many records changed. */
    public int apply(TenantSpec t) {
        int changed = 0;
        if (users.setTenantRequiresMfa(t.name(), t.requireMfa())) {
            changed++;
            audit.record(t.name(), AuditEvent.CONFIG_APPLIED, t.name(), "tenant: require-mfa=" + t.requireMfa());
        }
        for (UserSpec u : t.users()) {
            Optional<UserAccount> existing = users.findByUsername(t.name(), u.username());
            if (existing.isEmpty()) {
                users.create(
                        t.name(),
                        new Users.NewUser(u.username(), u.password(), u.email(), u.name(), u.roles(), false),
                        u.totpSecret() == null ? null : secondFactor.bootstrapSecret(u.totpSecret()),
                        "configuration (password from " + u.passwordSource() + ")");
                changed++;
            } else if (users.updateProfile(t.name(), existing.get().userId(), u.email(), u.name(), u.roles())) {
                changed++;
                audit.record(
                        t.name(),
                        AuditEvent.CONFIG_APPLIED,
                        existing.get().userId(),
                        "user: email, name and roles=" + u.roles() + " (password and second factor kept)");
            }
        }
        return changed;
    }

    /** Applies every tenant's users. */
    public int apply(List<TenantSpec> tenants) {
        int changed = 0;
        for (TenantSpec t : tenants) {
            changed += apply(t);
        }
        return changed;
    }
}
