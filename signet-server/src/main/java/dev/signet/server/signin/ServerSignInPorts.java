package dev.signet.server.signin;

import dev.signet.server.identity.IdentityRuleViolation;
import dev.signet.server.identity.TotpSecondFactor;
import dev.signet.server.identity.UserDirectory;
import dev.signet.server.identity.Users;
import dev.signet.server.oauth.AuthorizationCodes;
import dev.signet.server.oauth.SessionRevocation;
import dev.signet.server.oauth.grant.AuthorizationCodeGrant;
import dev.signet.server.store.ClientRecord;
import dev.signet.server.store.ClientStore;
import java.util.Locale;
import java.util.Optional;

/** The sign-in ports over the server's own clients, users, second factors, codes and refresh tokens. */
public final class ServerSignInPorts {

    private ServerSignInPorts() {}

    public static SignInPorts of(
            ClientStore clients,
            Users users,
            TotpSecondFactor secondFactor,
            UserDirectory directory,
            AuthorizationCodes codes,
            SessionRevocation revocation) {
        return new SignInPorts(
                clients(clients, users),
                users,
                (tenant, userId, password) -> change(users, tenant, userId, password),
                secondFactor,
                directory,
                codes,
                revocation);
    }

    /** A registered client as sign-in sees it; MFA is required by the client or by its tenant. */
    static SignInClients clients(ClientStore clients, Users users) {
        return (tenant, clientId) -> clients.find(tenant, clientId).map(c -> client(c, users));
    }

    private static SignInClients.Client client(ClientRecord c, Users users) {
        return new SignInClients.Client(
                c.clientId(),
                ClientRecord.PUBLIC.equals(c.type()),
                c.redirectUris(),
                c.postLogoutRedirectUris(),
                c.scopes(),
                c.requireMfa() || users.tenantRequiresMfa(c.tenant()),
                c.grants().contains(AuthorizationCodeGrant.TYPE),
                c.enabled());
    }

    /** The forced change at sign-in: the sign-in that asked for it has just checked the current password. */
    private static Optional<String> change(Users users, String tenant, String userId, String password) {
        try {
            return users.changePassword(tenant, userId, null, password)
                    ? Optional.empty()
                    : Optional.of("The password cannot be changed now. Wait a while, then try again.");
        } catch (IdentityRuleViolation e) {
            String r = e.reason();
            return Optional.of("The new password is refused: " + r.toLowerCase(Locale.ROOT) + ".");
        }
    }
}
