package dev.signet.server.config;

import dev.signet.jose.JwsAlgorithm;
import dev.signet.server.client.ClientSpec;
import dev.signet.server.identity.UserSpec;
import java.time.Duration;
import java.util.List;

/**
 * A tenant declared in the bootstrap section (or the zero-configuration {@code default}): its
 * clients, its users, and whether every sign-in to it needs a second factor ({@code require-mfa}).
 */
public record TenantSpec(
        String name,
        JwsAlgorithm algorithm,
        Duration accessTokenLifetime,
        List<ClientSpec> clients,
        boolean requireMfa,
        List<UserSpec> users) {

    public TenantSpec {
        clients = List.copyOf(clients);
        users = List.copyOf(users);
    }

    /** A tenant with clients only: no users, MFA not required. */
    public TenantSpec(String name, JwsAlgorithm algorithm, Duration accessTokenLifetime, List<ClientSpec> clients) {
        this(name, algorithm, accessTokenLifetime, clients, false, List.of());
    }
}
