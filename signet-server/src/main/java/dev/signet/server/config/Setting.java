package dev.signet.server.config;

import dev.signet.server.keys.TenantAlgorithms;
import java.util.Locale;

/**
 * Every scalar setting of the server: its path in the YAML file, its environment variable, its
 * default and what it accepts. docs/server.md lists the same table.
 */
public enum Setting {
    SERVER_HOST("server.host", "127.0.0.1", "a host name or IP address to listen on"),
    SERVER_PORT("server.port", "8080", "a port number from 0 to 65535 (0 picks a free port)"),
    SERVER_BASE_URL(
            "server.base-url",
            null,
            "an absolute http(s) URL without query, fragment or trailing slash" + " (default http://<host>:<port>)"),
    SERVER_MAX_THREADS(
            "server.max-threads", "200", "a number from 8 to 10000 (platform threads; unused with virtual threads)"),
    SERVER_MAX_REQUEST_BYTES("server.max-request-bytes", "65536", "a number of bytes from 1024 to 10485760"),
    DATA_DIR("data-dir", "./signet-data", "a directory path"),
    DATABASE_URL(
            "database.url", null, "a jdbc:sqlite: or jdbc:postgresql: URL (default jdbc:sqlite:<data-dir>/signet.db)"),
    DATABASE_USER("database.user", null, "a database user name"),
    DATABASE_PASSWORD_ENV("database.password-env", null, "the name of an environment variable holding the password"),
    DATABASE_POOL_SIZE("database.pool-size", "10", "a number from 1 to 200"),
    CRYPTO_PROVIDER("crypto-provider", "auto", "one of auto, accp, jdk"),
    KEYS_ALGORITHM("keys.algorithm", "RS256", "one of " + TenantAlgorithms.NAMES),
    KEYS_KEK_FILE("keys.kek-file", null, "a file holding a Base64 256-bit key-encryption key (default <data-dir>/kek)"),
    KEYS_KEK_ENV(
            "keys.kek-env", null, "the name of an environment variable holding a Base64 256-bit key-encryption key"),
    KEYS_ROTATION_INTERVAL("keys.rotation-interval", "30d", "a duration such as 30d, 12h, 90m (at least 1h)"),
    KEYS_JWKS_MAX_AGE("keys.jwks-max-age", "10m", "a duration such as 10m, 300s (from 0s to 1d)"),
    KEYS_PREPUBLISH(
            "keys.prepublish",
            null,
            "a duration not shorter than keys.jwks-max-age + keys.check-interval"
                    + " (default the larger of twice keys.jwks-max-age and that sum)"),
    KEYS_CHECK_INTERVAL("keys.check-interval", "30s", "a duration from 1s to 1h"),
    TOKENS_ACCESS_TOKEN_LIFETIME(
            "tokens.access-token-lifetime", "10m", "a duration from 10s up to tokens.max-access-token-lifetime"),
    TOKENS_MAX_ACCESS_TOKEN_LIFETIME("tokens.max-access-token-lifetime", "1h", "a duration from 10s to 1d"),
    AUDIT_ISSUED_TOKENS("audit.issued-tokens", "summary", "one of summary, each"),
    AUDIT_RETENTION("audit.retention", "90d", "a duration from 1d to 36500d, or forever"),
    PASSWORDS_ARGON2_MEMORY_KIB(
            "passwords.argon2-memory-kib",
            "19456",
            "a number of KiB from 19456 (19 MiB, OWASP's minimum for Argon2id) to 1048576"),
    PASSWORDS_ARGON2_ITERATIONS(
            "passwords.argon2-iterations", "2", "a number of passes from 2 (OWASP's minimum) to 100"),
    PASSWORDS_ARGON2_PARALLELISM("passwords.argon2-parallelism", "1", "a number of lanes from 1 to 16");

    private final String key;
    private final String defaultValue;
    private final String accepts;

    Setting(String key, String defaultValue, String accepts) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.accepts = accepts;
    }

    /** The dotted path in the YAML file, e.g. {@code keys.rotation-interval}. */
    public String key() {
        return key;
    }

    /**
     * The environment variable that overrides it: {@code SIGNET_} + the path in upper case, dots and dashes as
     * underscores.
     */
    public String envVar() {
        return envVarOf(key);
    }

    /** The default as text, or null when it is derived from other settings. */
    public String defaultValue() {
        return defaultValue;
    }

    /** What the setting accepts, for error messages and the documentation. */
    public String accepts() {
        return accepts;
    }

    /** The environment variable for a dotted path. */
    public static String envVarOf(String key) {
        return "SIGNET_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The setting for a dotted path, or null. */
    public static Setting byKey(String key) {
        for (Setting s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }
}
