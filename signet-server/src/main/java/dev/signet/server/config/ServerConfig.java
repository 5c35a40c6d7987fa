package dev.signet.server.config;

import dev.signet.jose.JwsAlgorithm;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.identity.PasswordHashing;
import dev.signet.server.keys.CryptoProviders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The server's validated configuration: every value typed and in range. Built by {@link ConfigLoader}. */
public record ServerConfig(
        String host,
        int port,
        String baseUrl,
        boolean baseUrlExplicit,
        int maxThreads,
        int maxRequestBytes,
        Path dataDir,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        int databasePoolSize,
        CryptoProviders.Choice cryptoProvider,
        JwsAlgorithm defaultAlgorithm,
        Path kekFile,
        String kekEnv,
        Duration rotationInterval,
        Duration jwksMaxAge,
        Duration prepublish,
        Duration keyCheckInterval,
        Duration accessTokenLifetime,
        Duration maxAccessTokenLifetime,
        AuditLog.IssuedTokens auditIssuedTokens,
        Optional<Duration> auditRetention,
        List<TenantSpec> tenants,
        PasswordHashing passwordHashing) {

    public ServerConfig {
        tenants = List.copyOf(tenants);
    }

    /** The issuer of a tenant: {@code <base URL>/tenants/<name>}. */
    public String issuer(String tenant) {
        return baseUrl + "/tenants/" + tenant;
    }

    /** A copy serving on another port (the base URL follows unless it was set explicitly). */
    public ServerConfig withPort(int newPort) {
        String url = baseUrlExplicit ? baseUrl : "http://" + hostForUrl(host) + ":" + newPort;
        return new ServerConfig(
                host,
                newPort,
                url,
                baseUrlExplicit,
                maxThreads,
                maxRequestBytes,
                dataDir,
                databaseUrl,
                databaseUser,
                databasePassword,
                databasePoolSize,
                cryptoProvider,
                defaultAlgorithm,
                kekFile,
                kekEnv,
                rotationInterval,
                jwksMaxAge,
                prepublish,
                keyCheckInterval,
                accessTokenLifetime,
                maxAccessTokenLifetime,
                auditIssuedTokens,
                auditRetention,
                tenants,
                passwordHashing);
    }

    static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    @Override
    public String toString() {
        return "ServerConfig[" + baseUrl + ", db=" + databaseUrl + ", data=" + dataDir + "]";
    }
}
