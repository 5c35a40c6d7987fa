package dev.signet.server.admin;

import dev.signet.jose.UntrustedText;
import dev.signet.server.Secrets;
import dev.signet.server.audit.AuditEvent;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.client.ClientRuleViolation;
import dev.signet.server.client.ClientRules;
import dev.signet.server.store.ClientRecord;
import dev.signet.server.store.ClientStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Client management for the admin API: register, rotate a secret, enable or disable. A new secret
 * is generated here (256 random bits), returned once, and stored only as its hash.
 */
public final class ClientAdmin {

    /**
     * A client registration request, already read from JSON; {@code jwks} and {@code jwksUri} are null when not given.
     */
    public record Registration(
            String id,
            String authMethod,
            List<String> grants,
            List<String> scopes,
            List<String> audiences,
            String tokenFormat,
            JsonNode jwks,
            String jwksUri,
            String type,
            List<String> redirectUris,
            List<String> postLogoutRedirectUris,
            boolean requireMfa,
            ClientRecord.RefreshLifetimes refresh,
            List<String> claims) {

        /** A confidential machine client's registration. */
        public Registration(
                String id,
                String authMethod,
                List<String> grants,
                List<String> scopes,
                List<String> audiences,
                String tokenFormat,
                JsonNode jwks,
                String jwksUri) {
            this(
                    id,
                    authMethod,
                    grants,
                    scopes,
                    audiences,
                    tokenFormat,
                    jwks,
                    jwksUri,
                    ClientRecord.CONFIDENTIAL,
                    List.of(),
                    List.of(),
                    false,
                    ClientRecord.RefreshLifetimes.DEFAULT,
                    List.of());
        }
    }

    /**
     * The outcome of a registration or a secret rotation: the client, and its new secret (null for private_key_jwt).
     */
    public record Issued(ClientRecord client, String secret) {
        @Override
        public String toString() {
            return "Issued[" + client.clientId() + "]";
        }
    }

    /** The id (of a client, or a tenant) is taken. */
    public static final class ClientConflict extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ClientConflict(String message) {
            super(message);
        }
    }

    private final ClientStore clients;
    private final AuditLog audit;
    private final Clock clock;

    public ClientAdmin(ClientStore clients, AuditLog audit, Clock clock) {
        this.clients = clients;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Registers a new client.
     *
     * @throws ClientRuleViolation naming the field that is not acceptable
     * @throws ClientConflict when the id is taken
     */
    public Issued register(String tenant, Registration r) {
        String jwks = r.jwks() == null ? null : ClientRules.jwks("jwks", r.jwks());
        String id = ClientRules.id("id", r.id());
        String type =
                ClientRules.oneOf("type", r.type() == null ? ClientRecord.CONFIDENTIAL : r.type(), ClientRules.TYPES);
        boolean isPublic = type.equals(ClientRecord.PUBLIC);
        if (isPublic && (r.authMethod() != null || jwks != null || r.jwksUri() != null)) {
            throw new ClientRuleViolation(
                    "type",
                    "a public client has no secret and no keys (it authenticates with none); remove auth_method"
                            + " and keys");
        }
        String method = isPublic
                ? ClientRecord.AUTH_NONE
                : ClientRules.oneOf(
                        "auth_method",
                        r.authMethod() == null ? "client_secret_basic" : r.authMethod(),
                        ClientRules.AUTH_METHODS);
        List<String> grants = ClientRules.grants("grants", r.grants());
        List<String> scopes = ClientRules.scopes("scopes", r.scopes());
        List<String> audiences = ClientRules.audiences("audiences", r.audiences());
        String format = ClientRules.oneOf("token_format", r.tokenFormat(), ClientRules.TOKEN_FORMATS);
        boolean keys = method.equals("private_key_jwt");
        boolean hasKeys = jwks != null || r.jwksUri() != null;
        if (keys != hasKeys || (jwks != null && r.jwksUri() != null)) {
            throw new ClientRuleViolation(
                    "jwks",
                    keys
                            ? "a private_key_jwt client needs one of jwks (its public JWK Set)" + " or jwks_uri"
                            : "only a private_key_jwt client has keys; auth_method is " + method);
        }
        String jwksUri = r.jwksUri() == null ? null : ClientRules.jwksUri("jwks_uri", r.jwksUri());
        List<String> redirects = ClientRules.redirectUris("redirect_uris", r.redirectUris());
        List<String> logoutRedirects =
                ClientRules.redirectUris("post_logout_redirect_uris", r.postLogoutRedirectUris());
        ClientRecord.RefreshLifetimes refresh =
                ClientRules.refresh("", r.refresh() == null ? ClientRecord.RefreshLifetimes.DEFAULT : r.refresh());
        List<String> claims = ClientRules.claims("claims", r.claims());
        ClientRules.consistent("", type, method, grants, redirects);
        if (clients.findUncached(tenant, id).isPresent()) {
            throw new ClientConflict("client " + id + " exists already in tenant " + tenant);
        }
        String secret = keys || isPublic ? null : Secrets.generate();
        ClientRecord c = new ClientRecord(
                tenant,
                id,
                secret == null ? null : Secrets.hash(secret),
                grants,
                scopes,
                audiences,
                format,
                method,
                true,
                jwks,
                jwksUri,
                type,
                redirects,
                logoutRedirects,
                r.requireMfa(),
                refresh,
                claims);
        clients.upsert(c, clock.instant());
        audit.record(
                tenant,
                AuditEvent.CLIENT_REGISTERED,
                id,
                "grants=" + grants + " scopes=" + scopes + " audiences=" + audiences + " token-format=" + format
                        + " auth-method=" + method + " type=" + type + " redirect-uris=" + redirects);
        return new Issued(c, secret);
    }

    /**
     * Replaces a secret client's secret; the old one stops working at once.
     *
     * @throws ClientRuleViolation when the client authenticates with keys
     * @throws java.util.NoSuchElementException when there is no such client
     */
    public Issued rotateSecret(String tenant, String id) {
        ClientRecord old = existing(tenant, id);
        if (old.secretHash() == null) {
            throw new ClientRuleViolation(
                    "auth_method",
                    "client " + id + " has no secret to rotate ("
                            + (old.isPublic() ? "a public client" : "it authenticates with keys, private_key_jwt")
                            + ")");
        }
        String secret = Secrets.generate();
        ClientRecord c = old.withSecretHash(Secrets.hash(secret));
        clients.upsert(c, clock.instant());
        audit.record(tenant, AuditEvent.CLIENT_SECRET_ROTATED, id, null);
        return new Issued(c, secret);
    }

    /** Enables or disables a client; a disabled client cannot authenticate. */
    public ClientRecord setEnabled(String tenant, String id, boolean enabled) {
        ClientRecord old = existing(tenant, id);
        ClientRecord c = old.withEnabled(enabled);
        if (clients.upsert(c, clock.instant())) {
            audit.record(tenant, enabled ? AuditEvent.CLIENT_ENABLED : AuditEvent.CLIENT_DISABLED, id, null);
        }
        return c;
    }

    public List<ClientRecord> list(String tenant) {
        return clients.list(tenant);
    }

    private ClientRecord existing(String tenant, String id) {
        // An id no client can have (a NUL byte, 5,000 characters) is not looked up: there is no such client.
        Optional<ClientRecord> c = ClientRules.isClientId(id) ? clients.findUncached(tenant, id) : Optional.empty();
        return c.orElseThrow(() -> new java.util.NoSuchElementException(
                "no client " + UntrustedText.printable(id) + " in tenant " + tenant));
    }
}
