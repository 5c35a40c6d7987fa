package dev.signet.server.signin;

import dev.signet.jose.Jwk;
import java.util.List;

/** The public keys a tenant publishes: what an {@code id_token_hint} at logout is verified with. */
@FunctionalInterface
public interface TenantKeys {

    List<Jwk> published(String tenant);
}
