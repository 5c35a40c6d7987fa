package dev.signet.server.oauth;

import dev.signet.server.Secrets;
import dev.signet.server.store.AuditLog;
import dev.signet.server.store.ClientRecord;
import dev.signet.server.store.ClientStore;
import java.util.Optional;

/** Authenticates a client of a tenant by its secret (RFC 6749 §2.3.1); every failure is audited. */
public final class ClientAuthenticator {

    /** Compared against when the client is unknown, so unknown and wrong secret take the same time. */
    private static final String DUMMY_HASH = Secrets.hash(Secrets.generate());

    private final ClientStore clients;
    private final AuditLog audit;

    public ClientAuthenticator(ClientStore clients, AuditLog audit) {
        this.clients = clients;
        this.audit = audit;
    }

    /**
     * The client these credentials prove, or {@code invalid_client}. The description never says
     * whether the client exists.
     */
    public ClientRecord authenticate(String tenant, ClientCredentials credentials) {
        if (credentials == null) {
            throw OAuthError.invalidClient("client authentication is required (client_secret_basic or client_secret_post)");
        }
        Optional<ClientRecord> found = clients.find(tenant, credentials.clientId());
        boolean secretOk = Secrets.matches(credentials.secret(), found.map(ClientRecord::secretHash).orElse(DUMMY_HASH));
        String reason = null;
        if (found.isEmpty()) {
            reason = "unknown client";
        } else if (!secretOk) {
            reason = "wrong secret";
        } else if (!found.get().enabled()) {
            reason = "client disabled";
        } else if (!found.get().authMethod().equals(credentials.method())) {
            reason = "used " + credentials.method() + ", registered for " + found.get().authMethod();
        }
        if (reason != null) {
            audit.record(tenant, "client.authentication_failed", credentials.clientId(), reason);
            throw OAuthError.invalidClient("client authentication failed");
        }
        return found.get();
    }
}
