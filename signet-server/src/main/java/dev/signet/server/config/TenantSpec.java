package dev.signet.server.config;

import dev.signet.jose.JwsAlgorithm;
import dev.signet.server.client.ClientSpec;
import java.time.Duration;
import java.util.List;

/** A tenant declared in the bootstrap section (or the zero-configuration {@code default}). */
public record TenantSpec(String name, JwsAlgorithm algorithm, Duration accessTokenLifetime, List<ClientSpec> clients) {

    public TenantSpec {
        clients = List.copyOf(clients);
    }
}
