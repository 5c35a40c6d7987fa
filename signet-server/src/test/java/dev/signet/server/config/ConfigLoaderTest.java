package dev.signet.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.jose.JwsAlgorithm;
import dev.signet.server.client.ClientSpec;
import dev.signet.server.keys.CryptoProviders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    private static final String SECRET = "s".repeat(43);

    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path f = dir.resolve("signet.yaml");
        Files.writeString(f, text);
        return f;
    }

    private static Map<Setting, String> none() {
        return new EnumMap<>(Setting.class);
    }

    @Test
    void zeroConfigurationDefaults() {
        ServerConfig c = ConfigLoader.load(null, none(), Map.of());
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.baseUrl()).isEqualTo("http://127.0.0.1:8080");
        assertThat(c.issuer("default")).isEqualTo("http://127.0.0.1:8080/tenants/default");
        assertThat(c.dataDir()).isEqualTo(Path.of("./signet-data"));
        assertThat(c.databaseUrl()).startsWith("jdbc:sqlite:").endsWith("signet-data/signet.db");
        assertThat(c.cryptoProvider()).isEqualTo(CryptoProviders.Choice.AUTO);
        assertThat(c.defaultAlgorithm()).isEqualTo(JwsAlgorithm.RS256);
        assertThat(c.accessTokenLifetime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.jwksMaxAge()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.prepublish()).isEqualTo(Duration.ofMinutes(20));
        assertThat(c.rotationInterval()).isEqualTo(Duration.ofDays(30));
        assertThat(c.kekFile()).isEqualTo(Path.of("./signet-data/kek"));
        assertThat(c.tenants()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("default");
            assertThat(t.clients()).isEmpty();
        });
    }

    @Test
    void environmentOverridesFileAndOptionsOverrideEnvironment() throws IOException {
        Path f = yaml("server:\n  port: 9000\n  host: 0.0.0.0\nkeys:\n  jwks-max-age: 5m\n");
        Map<String, String> env = Map.of("SIGNET_SERVER_PORT", "9100", "SIGNET_KEYS_ROTATION_INTERVAL", "7d");
        ServerConfig fromEnv = ConfigLoader.load(f, none(), env);
        assertThat(fromEnv.port()).isEqualTo(9100);
        assertThat(fromEnv.host()).isEqualTo("0.0.0.0");
        assertThat(fromEnv.jwksMaxAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(fromEnv.rotationInterval()).isEqualTo(Duration.ofDays(7));

        Map<Setting, String> options = none();
        options.put(Setting.SERVER_PORT, "9200");
        assertThat(ConfigLoader.load(f, options, env).port()).isEqualTo(9200);
    }

    @Test
    void everySettingHasItsEnvironmentVariable() {
        assertThat(Setting.SERVER_BASE_URL.envVar()).isEqualTo("SIGNET_SERVER_BASE_URL");
        assertThat(Setting.DATA_DIR.envVar()).isEqualTo("SIGNET_DATA_DIR");
        assertThat(Setting.KEYS_JWKS_MAX_AGE.envVar()).isEqualTo("SIGNET_KEYS_JWKS_MAX_AGE");
        Map<String, String> env = new HashMap<>();
        for (Setting s : Setting.values()) {
            assertThat(Setting.byKey(s.key())).isSameAs(s);
            assertThat(env.put(s.envVar(), s.key()))
                    .as("two settings share " + s.envVar())
                    .isNull();
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "server.port          | 70000   | 0 to 65535",
                "server.port          | eighty  | 0 to 65535",
                "crypto-provider      | bouncy  | auto, accp, jdk",
                "keys.algorithm       | HS256   | RS256, PS256, ES256, EdDSA, ML-DSA-65",
                "keys.algorithm       | none    | RS256, PS256, ES256, EdDSA, ML-DSA-65",
                "keys.rotation-interval | soon  | 30d",
                "keys.jwks-max-age    | 2d      | 1d",
                "tokens.access-token-lifetime | 2h | tokens.max-access-token-lifetime",
                "server.base-url      | ftp://x | http(s)",
                "server.base-url      | https://auth.example.com/ | trailing slash",
                "database.url         | jdbc:mysql://x/db | jdbc:sqlite: or jdbc:postgresql:",
                "audit.issued-tokens  | all     | summary, each",
                "audit.retention      | 12h     | 1d to 36500d, or forever",
                "audit.retention      | never   | 1d to 36500d, or forever",
            })
    void invalidValueNamesTheSettingAndWhatItAccepts(String key, String value, String accepts) {
        Map<String, String> env = Map.of(Setting.envVarOf(key), value);
        assertThatThrownBy(() -> ConfigLoader.load(null, none(), env))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + ": ")
                .hasMessageContaining(value)
                .hasMessageContaining(accepts)
                .satisfies(e -> assertThat(((ConfigException) e).setting()).isEqualTo(key));
    }

    @Test
    void issuedTokensAreSummarisedInTheAuditUnlessEachIsAskedFor() {
        assertThat(ConfigLoader.load(null, none(), Map.of()).auditIssuedTokens())
                .isEqualTo(dev.signet.server.audit.AuditLog.IssuedTokens.SUMMARY);
        assertThat(ConfigLoader.load(null, none(), Map.of("SIGNET_AUDIT_ISSUED_TOKENS", "each"))
                        .auditIssuedTokens())
                .isEqualTo(dev.signet.server.audit.AuditLog.IssuedTokens.EACH);
    }

    @Test
    void auditEventsAreKeptNinetyDaysUnlessConfigured() {
        assertThat(ConfigLoader.load(null, none(), Map.of()).auditRetention()).contains(Duration.ofDays(90));
        assertThat(ConfigLoader.load(null, none(), Map.of("SIGNET_AUDIT_RETENTION", "400d"))
                        .auditRetention())
                .contains(Duration.ofDays(400));
        assertThat(ConfigLoader.load(null, none(), Map.of("SIGNET_AUDIT_RETENTION", "forever"))
                        .auditRetention())
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"P90D, 90d", "PT36H, 36h", "PT90M, 90m", "PT1S, 1s", "PT1.5S, 1500ms", "PT0S, 0ms"})
    void durationsAreWrittenInTheLargestUnitThatDividesThem(String iso, String written) {
        Duration d = Duration.parse(iso);
        assertThat(ConfigLoader.formatDuration(d)).isEqualTo(written);
        if (!d.isZero()) {
            assertThat(ConfigLoader.parseDuration("x", written, Duration.ZERO, Duration.ofDays(1000), ""))
                    .isEqualTo(d);
        }
    }

    @Test
    void algorithmAvailabilityIsLeftToStartUpWhenTheProviderIsInstalled() {
        // On JDK 17 only ACCP offers ML-DSA, and ACCP is installed after the configuration is read.
        assertThat(ConfigLoader.load(null, none(), Map.of("SIGNET_KEYS_ALGORITHM", "ML-DSA-65"))
                        .defaultAlgorithm())
                .isEqualTo(JwsAlgorithm.ML_DSA_65);
    }

    @Test
    void prepublishShorterThanJwksCacheLifetimeIsRefused() {
        Map<String, String> env = Map.of("SIGNET_KEYS_JWKS_MAX_AGE", "10m", "SIGNET_KEYS_PREPUBLISH", "5m");
        assertThatThrownBy(() -> ConfigLoader.load(null, none(), env))
                .hasMessageStartingWith("keys.prepublish: ")
                .hasMessageContaining("keys.jwks-max-age");
        // Equal to the cache lifetime is not enough either: another node may publish the key a check interval late.
        Map<String, String> equal = Map.of("SIGNET_KEYS_JWKS_MAX_AGE", "10m", "SIGNET_KEYS_PREPUBLISH", "10m");
        assertThatThrownBy(() -> ConfigLoader.load(null, none(), equal))
                .hasMessageStartingWith("keys.prepublish: ")
                .hasMessageContaining("keys.check-interval");
        Map<String, String> enough = Map.of(
                "SIGNET_KEYS_JWKS_MAX_AGE", "10m", "SIGNET_KEYS_CHECK_INTERVAL", "1m", "SIGNET_KEYS_PREPUBLISH", "11m");
        assertThat(ConfigLoader.load(null, none(), enough).prepublish()).isEqualTo(Duration.ofMinutes(11));
        // The default covers a long check interval too.
        Map<String, String> slowChecks = Map.of("SIGNET_KEYS_JWKS_MAX_AGE", "5m", "SIGNET_KEYS_CHECK_INTERVAL", "1h");
        assertThat(ConfigLoader.load(null, none(), slowChecks).prepublish()).isEqualTo(Duration.ofMinutes(65));
    }

    @Test
    void unknownSettingInFileIsRefused() throws IOException {
        Path f = yaml("server:\n  prot: 9000\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, none(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("server.prot: unknown setting");
    }

    @Test
    void invalidYamlIsRefused() throws IOException {
        Path f = yaml("server: [unclosed\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, none(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void bootstrapSectionIsRead() throws IOException {
        Path secretFile = dir.resolve("billing.secret");
        Files.writeString(secretFile, SECRET + "\n");
        Path f = yaml("""
                tenants:
                  - name: default
                    algorithm: RS256
                    access-token-lifetime: 5m
                    clients:
                      - id: orders-service
                        secret-env: ORDERS_SECRET
                        grants: [client_credentials]
                        scopes: [orders.read, orders.write]
                        audiences: [orders-api]
                        token-format: jwt
                        auth-method: client_secret_basic
                      - id: billing
                        secret-file: %s
                        audiences: [billing-api]
                        token-format: opaque
                        auth-method: client_secret_post
                """.formatted(secretFile));
        ServerConfig c = ConfigLoader.load(f, none(), Map.of("ORDERS_SECRET", SECRET));
        TenantSpec t = c.tenants().get(0);
        assertThat(t.algorithm()).isEqualTo(JwsAlgorithm.RS256);
        assertThat(t.accessTokenLifetime()).isEqualTo(Duration.ofMinutes(5));
        ClientSpec orders = t.clients().get(0);
        assertThat(orders.secret()).isEqualTo(SECRET);
        assertThat(orders.scopes()).containsExactly("orders.read", "orders.write");
        assertThat(orders.toString()).doesNotContain(SECRET);
        ClientSpec billing = t.clients().get(1);
        assertThat(billing.secret()).isEqualTo(SECRET);
        assertThat(billing.grants()).containsExactly("client_credentials");
        assertThat(billing.tokenFormat()).isEqualTo("opaque");
        assertThat(billing.authMethod()).isEqualTo("client_secret_post");
    }

    @Test
    void inlineSecretIsRefused() throws IOException {
        Path f = yaml("tenants:\n  - name: default\n    clients:\n      - id: a\n        secret: " + SECRET
                + "\n        audiences: [x]\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, none(), Map.of()))
                .hasMessageStartingWith("tenants[0].clients[0].secret: ")
                .hasMessageContaining("secret-env");
    }

    @Test
    void missingSecretVariableIsRefused() throws IOException {
        Path f = yaml("""
                      tenants:
                        - name: default
                          clients:
                            - id: a
                              secret-env: NOT_SET
                              audiences: [x]
                      """);
        assertThatThrownBy(() -> ConfigLoader.load(f, none(), Map.of()))
                .hasMessageStartingWith("tenants[0].clients[0].secret-env: ")
                .hasMessageContaining("NOT_SET is not set");
    }

    @Test
    void shortSecretIsRefused() throws IOException {
        Path f = yaml("""
                      tenants:
                        - name: default
                          clients:
                            - id: a
                              secret-env: S
                              audiences: [x]
                      """);
        assertThatThrownBy(() -> ConfigLoader.load(f, none(), Map.of("S", "password123")))
                .hasMessageContaining("too short")
                .hasMessageContaining("256");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "auth-method: tls_client_auth | tenants[0].clients[0].auth-method | client_secret_basic,"
                        + " client_secret_post",
                "auth-method: private_key_jwt | tenants[0].clients[0] | remove secret-env",
                "jwks: {keys: []}             | tenants[0].clients[0].jwks | only a private_key_jwt client",
                "token-format: paseto         | tenants[0].clients[0].token-format | jwt, opaque",
                "grants: [password]           | tenants[0].clients[0].grants | client_credentials",
                "scopes: ['a b']              | tenants[0].clients[0].scopes | scope token",
                "colour: blue                 | tenants[0].clients[0].colour | unknown setting",
            })
    void invalidClientSettingIsNamed(String line, String setting, String message) throws IOException {
        Path f = yaml("tenants:\n  - name: default\n    clients:\n      - id: a\n        secret-env: S\n"
                + "        audiences: [x]\n        " + line + "\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, none(), Map.of("S", SECRET)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(setting + ": ")
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "jwks: {keys: [{kty: oct, k: c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI}]} | symmetric key",
                "jwks: {keys: [{kty: EC, crv: P-256, x: AAAA, y: AAAA}]}                  | holds no usable key",
                "jwks: 'not json'                                                         | is not a JWK Set",
                "jwks-uri: http://keys.example.com/jwks                                  | an https URL",
                "jwks-uri: https://user@keys.example.com/jwks                            | without user info",
                "audiences: [x]                                                           | needs jwks",
            })
    void privateKeyJwtClientNeedsPublicKeys(String line, String message) throws IOException {
        Path f = yaml("tenants:\n  - name: default\n    clients:\n      - id: a\n        auth-method: private_key_jwt\n"
                + "        audiences: [x]\n        " + line.replace("audiences: [x]", "scopes: [a]") + "\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, none(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("tenants[0].clients[0]")
                .hasMessageContaining(message);
    }

    @Test
    void privateKeyJwtClientWithPublicKeys() throws Exception {
        String jwk =
                dev.signet.jose.Jwk.generate(JwsAlgorithm.ES256).toPublicJwk().toJson();
        Path f = yaml("tenants:\n  - name: default\n    clients:\n      - id: a\n        auth-method: private_key_jwt\n"
                + "        audiences: [x]\n        jwks: '{\"keys\":[" + jwk + "]}'\n");
        ClientSpec c = ConfigLoader.load(f, none(), Map.of())
                .tenants()
                .get(0)
                .clients()
                .get(0);
        assertThat(c.secret()).isNull();
        assertThat(c.jwks()).contains("\"kty\":\"EC\"");
        String privateJwk = dev.signet.jose.Jwk.generate(JwsAlgorithm.ES256).toJson();
        Path g = yaml("tenants:\n  - name: default\n    clients:\n      - id: a\n        auth-method: private_key_jwt\n"
                + "        audiences: [x]\n        jwks: '{\"keys\":[" + privateJwk + "]}'\n");
        assertThatThrownBy(() -> ConfigLoader.load(g, none(), Map.of())).hasMessageContaining("holds a private key");
    }

    @Test
    void tenantNamesAreChecked() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(yaml("tenants:\n  - name: ../etc\n"), none(), Map.of()))
                .hasMessageStartingWith("tenants[0].name: ");
        assertThatThrownBy(() -> ConfigLoader.load(yaml("tenants:\n  - name: a\n  - name: a\n"), none(), Map.of()))
                .hasMessageContaining("declared twice");
    }

    @Test
    void clientWithoutAudienceIsRefused() throws IOException {
        Path f = yaml("tenants:\n  - name: default\n    clients:\n      - id: a\n        secret-env: S\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, none(), Map.of("S", SECRET)))
                .hasMessageStartingWith("tenants[0].clients[0].audiences: ");
    }
}
