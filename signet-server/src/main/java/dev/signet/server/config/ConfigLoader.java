package dev.signet.server.config;

import dev.signet.jose.JwsAlgorithm;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.client.ClientRuleViolation;
import dev.signet.server.client.ClientRules;
import dev.signet.server.client.ClientSpec;
import dev.signet.server.identity.IdentityRuleViolation;
import dev.signet.server.identity.PasswordHashing;
import dev.signet.server.identity.PasswordPolicy;
import dev.signet.server.identity.TotpSecondFactor;
import dev.signet.server.identity.UserSpec;
import dev.signet.server.identity.Usernames;
import dev.signet.server.identity.Users;
import dev.signet.server.keys.CryptoProviders;
import dev.signet.server.keys.TenantAlgorithms;
import dev.signet.server.oauth.grant.AuthorizationCodeGrant;
import dev.signet.server.oauth.grant.ClientCredentialsGrant;
import dev.signet.server.store.ClientRecord;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads the configuration: defaults, then the YAML file, then {@code SIGNET_…} environment
 * variables, then command-line options, each overriding the one before. Every value is checked
 * here; a bad one stops start-up with a {@link ConfigException} naming the setting and what it accepts.
 */
public final class ConfigLoader {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    private static final Pattern TENANT_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Set<String> TENANT_KEYS =
            Set.of("name", "algorithm", "access-token-lifetime", "clients", "users", "require-mfa");
    private static final Set<String> USER_KEYS = Set.of(
            "username",
            "password-env",
            "password-file",
            "password",
            "email",
            "name",
            "roles",
            "totp-secret-env",
            "totp-secret-file",
            "totp-secret");
    private static final Set<String> CLIENT_KEYS = Set.of(
            "id",
            "secret-env",
            "secret-file",
            "grants",
            "scopes",
            "audiences",
            "token-format",
            "auth-method",
            "secret",
            "jwks",
            "jwks-uri",
            "type",
            "redirect-uris",
            "post-logout-redirect-uris",
            "require-mfa",
            "refresh-idle",
            "refresh-absolute",
            "refresh-reuse-grace",
            "claims");
    /** Minimum length of a client secret taken from the environment or a file (43 Base64URL characters = 256 bits). */
    public static final int MIN_SECRET_CHARS = 43;

    private final Map<String, String> env;

    private ConfigLoader(Map<String, String> env) {
        this.env = env;
    }

    /**
     * Loads the configuration.
     *
     * @param file the YAML file, or null for none
     * @param options command-line options keyed by setting (they win over everything)
     * @param env the environment ({@code System.getenv()} in production)
     */
    public static ServerConfig load(Path file, Map<Setting, String> options, Map<String, String> env) {
        return new ConfigLoader(env).read(file, options);
    }

    private ServerConfig read(Path file, Map<Setting, String> options) {
        JsonNode root = null;
        if (file != null) {
            root = readYaml(file);
        }
        Map<Setting, String> raw = new EnumMap<>(Setting.class);
        if (root != null) {
            flatten("", root, raw);
        }
        for (Setting s : Setting.values()) {
            String fromEnv = env.get(s.envVar());
            if (fromEnv != null && !fromEnv.isEmpty()) {
                raw.put(s, fromEnv);
            }
        }
        raw.putAll(options);
        for (Setting s : Setting.values()) {
            if (!raw.containsKey(s) && s.defaultValue() != null) {
                raw.put(s, s.defaultValue());
            }
        }
        return build(raw, root == null ? null : root.get("tenants"));
    }

    private static JsonNode readYaml(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
        }
        try {
            JsonNode root = new YAMLMapper().readTree(text);
            if (root == null || root.isMissingNode() || root.isNull()) {
                return null;
            }
            if (!root.isObject()) {
                throw new ConfigException("--config", file + " must hold a YAML mapping of settings");
            }
            return root;
        } catch (JacksonException e) {
            throw new ConfigException("--config", file + " is not valid YAML: " + e.getOriginalMessage());
        }
    }

    /** Scalar leaves become settings by their dotted path; unknown paths are refused, not ignored. */
    private static void flatten(String prefix, JsonNode node, Map<Setting, String> out) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode value = e.getValue();
            if (key.equals("tenants")) {
                continue;
            }
            Setting s = Setting.byKey(key);
            if (value.isObject() && s == null) {
                flatten(key, value, out);
            } else if (s == null) {
                throw new ConfigException(key, "unknown setting; see docs/server.md for the settings there are");
            } else if (!value.isValueNode() || value.isNull()) {
                throw new ConfigException(key, "expected " + s.accepts());
            } else {
                out.put(s, value.asString());
            }
        }
    }

    private ServerConfig build(Map<Setting, String> raw, JsonNode tenantsNode) {
        String host = raw.get(Setting.SERVER_HOST).trim();
        if (host.isEmpty()) {
            throw invalid(Setting.SERVER_HOST, "");
        }
        int port = integer(raw, Setting.SERVER_PORT, 0, 65535);
        String baseUrl = raw.get(Setting.SERVER_BASE_URL);
        boolean explicitBase = baseUrl != null;
        if (explicitBase) {
            baseUrl = checkBaseUrl(baseUrl);
        } else {
            baseUrl = "http://" + ServerConfig.hostForUrl(host) + ":" + port;
        }
        int maxThreads = integer(raw, Setting.SERVER_MAX_THREADS, 8, 10_000);
        int maxRequest = integer(raw, Setting.SERVER_MAX_REQUEST_BYTES, 1024, 10 * 1024 * 1024);
        Path dataDir = path(raw, Setting.DATA_DIR);
        String dbUrl = raw.get(Setting.DATABASE_URL);
        if (dbUrl == null) {
            dbUrl = "jdbc:sqlite:" + dataDir.toAbsolutePath().normalize().resolve("signet.db");
        } else if (dbUrl.startsWith("jdbc:h2:")) {
            throw new ConfigException(
                    Setting.DATABASE_URL.key(),
                    "H2 is no longer a store: leave database.url unset for the embedded SQLite store in the data"
                            + " directory (it imports <data-dir>/signet.mv.db at its first start), or give a"
                            + " jdbc:sqlite: or jdbc:postgresql: URL");
        } else if (!dbUrl.startsWith("jdbc:sqlite:") && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw invalid(Setting.DATABASE_URL, dbUrl);
        }
        String dbUser = raw.get(Setting.DATABASE_USER);
        String dbPassword = null;
        String passwordEnv = raw.get(Setting.DATABASE_PASSWORD_ENV);
        if (passwordEnv != null) {
            envName(Setting.DATABASE_PASSWORD_ENV.key(), passwordEnv);
            dbPassword = env.get(passwordEnv);
            if (dbPassword == null) {
                throw new ConfigException(
                        Setting.DATABASE_PASSWORD_ENV.key(), "environment variable " + passwordEnv + " is not set");
            }
        }
        int poolSize = integer(raw, Setting.DATABASE_POOL_SIZE, 1, 200);
        CryptoProviders.Choice crypto = choice(raw, Setting.CRYPTO_PROVIDER, CryptoProviders.Choice.class);
        JwsAlgorithm alg = algorithm(Setting.KEYS_ALGORITHM.key(), raw.get(Setting.KEYS_ALGORITHM));
        Path kekFile =
                raw.containsKey(Setting.KEYS_KEK_FILE) ? path(raw, Setting.KEYS_KEK_FILE) : dataDir.resolve("kek");
        String kekEnv = raw.get(Setting.KEYS_KEK_ENV);
        if (kekEnv != null) {
            envName(Setting.KEYS_KEK_ENV.key(), kekEnv);
        }
        Duration rotation = duration(raw, Setting.KEYS_ROTATION_INTERVAL, Duration.ofHours(1), Duration.ofDays(3650));
        Duration jwksMaxAge = duration(raw, Setting.KEYS_JWKS_MAX_AGE, Duration.ZERO, Duration.ofDays(1));
        Duration check = duration(raw, Setting.KEYS_CHECK_INTERVAL, Duration.ofSeconds(1), Duration.ofHours(1));
        // A node learns of a new key at most one check interval after another node created it, and a
        // verifier may have fetched the JWKS just before: both must pass before the key signs.
        Duration minPrepublish = jwksMaxAge.plus(check);
        Duration prepublish = raw.containsKey(Setting.KEYS_PREPUBLISH)
                ? duration(raw, Setting.KEYS_PREPUBLISH, minPrepublish, Duration.ofDays(365))
                : max(jwksMaxAge.multipliedBy(2), minPrepublish);
        if (prepublish.compareTo(rotation) >= 0) {
            throw new ConfigException(
                    Setting.KEYS_PREPUBLISH.key(),
                    "must be shorter than keys.rotation-interval (" + raw.get(Setting.KEYS_ROTATION_INTERVAL) + ")");
        }
        Duration maxLifetime =
                duration(raw, Setting.TOKENS_MAX_ACCESS_TOKEN_LIFETIME, Duration.ofSeconds(10), Duration.ofDays(1));
        Duration lifetime = duration(raw, Setting.TOKENS_ACCESS_TOKEN_LIFETIME, Duration.ofSeconds(10), maxLifetime);
        AuditLog.IssuedTokens issuedTokens = choice(raw, Setting.AUDIT_ISSUED_TOKENS, AuditLog.IssuedTokens.class);
        String keep = raw.get(Setting.AUDIT_RETENTION).trim();
        Optional<Duration> retention = keep.equalsIgnoreCase("forever")
                ? Optional.empty()
                : Optional.of(duration(raw, Setting.AUDIT_RETENTION, Duration.ofDays(1), Duration.ofDays(36500)));
        List<TenantSpec> tenants = tenants(tenantsNode, alg, lifetime, maxLifetime);
        PasswordHashing hashing = new PasswordHashing(
                integer(
                        raw,
                        Setting.PASSWORDS_ARGON2_MEMORY_KIB,
                        PasswordHashing.MIN_MEMORY_KIB,
                        PasswordHashing.MAX_MEMORY_KIB),
                integer(
                        raw,
                        Setting.PASSWORDS_ARGON2_ITERATIONS,
                        PasswordHashing.MIN_ITERATIONS,
                        PasswordHashing.MAX_ITERATIONS),
                integer(
                        raw,
                        Setting.PASSWORDS_ARGON2_PARALLELISM,
                        PasswordHashing.MIN_PARALLELISM,
                        PasswordHashing.MAX_PARALLELISM));
        long heap = Runtime.getRuntime().maxMemory();
        if (!hashing.fitsHeap(heap)) {
            throw new ConfigException(
                    Setting.PASSWORDS_ARGON2_MEMORY_KIB.key(),
                    hashing.memoryKib() + " KiB per password hash is more than half of this JVM's heap ("
                            + heap / (1024 * 1024) + " MiB); lower it, or give the server a larger -Xmx");
        }
        return new ServerConfig(
                host,
                port,
                baseUrl,
                explicitBase,
                maxThreads,
                maxRequest,
                dataDir,
                dbUrl,
                dbUser,
                dbPassword,
                poolSize,
                crypto,
                alg,
                kekFile,
                kekEnv,
                rotation,
                jwksMaxAge,
                prepublish,
                check,
                lifetime,
                maxLifetime,
                issuedTokens,
                retention,
                tenants,
                hashing);
    }

    // ------------------------------------------------------------------ tenants

    private List<TenantSpec> tenants(JsonNode node, JwsAlgorithm alg, Duration lifetime, Duration maxLifetime) {
        if (node == null || node.isNull()) {
            return List.of(new TenantSpec("default", alg, lifetime, List.of()));
        }
        if (!node.isArray()) {
            throw new ConfigException("tenants", "expected a list of tenants (- name: ...)");
        }
        List<TenantSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int i = 0;
        for (JsonNode t : node.values()) {
            String at = "tenants[" + i++ + "]";
            if (!t.isObject()) {
                throw new ConfigException(at, "expected a mapping with name and clients");
            }
            unknownKeys(at, t, TENANT_KEYS);
            String name = text(at + ".name", t.get("name"), "a tenant name of lower-case letters, digits and dashes");
            tenantName(at + ".name", name);
            if (!names.add(name)) {
                throw new ConfigException(at + ".name", "tenant '" + name + "' is declared twice");
            }
            JwsAlgorithm tenantAlg = t.has("algorithm")
                    ? algorithm(at + ".algorithm", text(at + ".algorithm", t.get("algorithm"), "an algorithm"))
                    : alg;
            Duration tenantLifetime = lifetime;
            if (t.has("access-token-lifetime")) {
                String v = text(at + ".access-token-lifetime", t.get("access-token-lifetime"), "a duration");
                tenantLifetime = parseDuration(
                        at + ".access-token-lifetime",
                        v,
                        Duration.ofSeconds(10),
                        maxLifetime,
                        "a duration from 10s up to tokens.max-access-token-lifetime");
            }
            List<ClientSpec> clients = new ArrayList<>();
            JsonNode cs = t.get("clients");
            if (cs != null && !cs.isNull()) {
                if (!cs.isArray()) {
                    throw new ConfigException(at + ".clients", "expected a list of clients (- id: ...)");
                }
                Set<String> ids = new HashSet<>();
                int j = 0;
                for (JsonNode c : cs.values()) {
                    ClientSpec spec = client(at + ".clients[" + j++ + "]", c);
                    if (!ids.add(spec.id())) {
                        throw new ConfigException(at + ".clients", "client '" + spec.id() + "' is declared twice");
                    }
                    clients.add(spec);
                }
            }
            boolean requireMfa = false;
            JsonNode mfa = t.get("require-mfa");
            if (mfa != null && !mfa.isNull()) {
                if (!mfa.isBoolean()) {
                    throw new ConfigException(at + ".require-mfa", "expected true or false");
                }
                requireMfa = mfa.asBoolean();
            }
            out.add(new TenantSpec(name, tenantAlg, tenantLifetime, clients, requireMfa, users(at, t.get("users"))));
        }
        if (out.isEmpty()) {
            throw new ConfigException("tenants", "declares no tenant; remove the section to get tenant 'default'");
        }
        return out;
    }

    /** A client of the bootstrap section; a broken client rule is a configuration error of that field. */
    private ClientSpec client(String at, JsonNode c) {
        try {
            return readClient(at, c);
        } catch (ClientRuleViolation e) {
            throw new ConfigException(e.field(), e.reason());
        }
    }

    private ClientSpec readClient(String at, JsonNode c) {
        if (!c.isObject()) {
            throw new ConfigException(
                    at, "expected a mapping with id, secret-env or secret-file, grants, scopes, audiences");
        }
        unknownKeys(at, c, CLIENT_KEYS);
        if (c.has("secret")) {
            throw new ConfigException(
                    at + ".secret",
                    "secrets are never written in the configuration; use secret-env (a variable name) or"
                            + " secret-file (a path)");
        }
        String id = ClientRules.id(at + ".id", text(at + ".id", c.get("id"), "a client id"));
        String type = c.has("type")
                ? ClientRules.oneOf(at + ".type", text(at + ".type", c.get("type"), "a client type"), ClientRules.TYPES)
                : ClientRecord.CONFIDENTIAL;
        if (type.equals(ClientRecord.PUBLIC)) {
            for (String k : List.of("auth-method", "secret-env", "secret-file", "jwks", "jwks-uri")) {
                if (c.has(k)) {
                    throw new ConfigException(
                            at + "." + k, "a public client has no secret and no keys (it authenticates with none)");
                }
            }
        }
        String authMethod = type.equals(ClientRecord.PUBLIC)
                ? ClientRecord.AUTH_NONE
                : c.has("auth-method")
                        ? ClientRules.oneOf(
                                at + ".auth-method",
                                text(at + ".auth-method", c.get("auth-method"), "an auth method"),
                                ClientRules.AUTH_METHODS)
                        : "client_secret_basic";
        String secret = null;
        String source = null;
        String jwks = null;
        String jwksUri = null;
        if (authMethod.equals(ClientRecord.AUTH_NONE)) {
            // a public client: nothing to read
        } else if (authMethod.equals("private_key_jwt")) {
            if (c.has("secret-env") || c.has("secret-file")) {
                throw new ConfigException(
                        at, "a private_key_jwt client authenticates with its keys: remove secret-env and secret-file");
            }
            if (c.has("jwks-uri")) {
                if (c.has("jwks")) {
                    throw new ConfigException(
                            at, "set one of jwks (the public keys) or jwks-uri (where they are published)");
                }
                jwksUri = ClientRules.jwksUri(at + ".jwks-uri", text(at + ".jwks-uri", c.get("jwks-uri"), "a URL"));
            } else {
                jwks = ClientRules.jwks(at + ".jwks", c.get("jwks"));
            }
        } else {
            if (c.has("jwks") || c.has("jwks-uri")) {
                throw new ConfigException(
                        at + (c.has("jwks") ? ".jwks" : ".jwks-uri"),
                        "only a private_key_jwt client has keys; auth-method is " + authMethod);
            }
            boolean fromEnv = c.has("secret-env");
            boolean fromFile = c.has("secret-file");
            if (fromEnv == fromFile) {
                throw new ConfigException(
                        at, "set exactly one of secret-env (an environment variable name) or secret-file (a path)");
            }
            if (fromEnv) {
                String var =
                        envName(at + ".secret-env", text(at + ".secret-env", c.get("secret-env"), "a variable name"));
                secret = env.get(var);
                source = "environment variable " + var;
                if (secret == null) {
                    throw new ConfigException(at + ".secret-env", "environment variable " + var + " is not set");
                }
            } else {
                String file = text(at + ".secret-file", c.get("secret-file"), "a path");
                source = "file " + file;
                try {
                    secret = Files.readString(Path.of(file), StandardCharsets.UTF_8)
                            .strip();
                } catch (IOException | RuntimeException e) {
                    throw new ConfigException(at + ".secret-file", "cannot read " + file + ": " + e.getMessage());
                }
            }
            if (secret.length() < MIN_SECRET_CHARS) {
                throw new ConfigException(
                        fromEnv ? at + ".secret-env" : at + ".secret-file",
                        "the secret from " + source
                                + " is too short: at least " + MIN_SECRET_CHARS
                                + " characters (256 random bits, e.g. `openssl rand -hex 32`)");
            }
        }
        // Without grants: client_credentials for a confidential client, the code flow for a public one.
        List<String> defaultGrants = type.equals(ClientRecord.PUBLIC)
                ? List.of(AuthorizationCodeGrant.TYPE)
                : List.of(ClientCredentialsGrant.TYPE);
        List<String> grants = ClientRules.grants(at + ".grants", list(at + ".grants", c.get("grants"), defaultGrants));
        List<String> scopes = ClientRules.scopes(at + ".scopes", list(at + ".scopes", c.get("scopes"), List.of()));
        List<String> audiences =
                ClientRules.audiences(at + ".audiences", list(at + ".audiences", c.get("audiences"), List.of()));
        String format = c.has("token-format")
                ? ClientRules.oneOf(
                        at + ".token-format",
                        text(at + ".token-format", c.get("token-format"), "a format"),
                        ClientRules.TOKEN_FORMATS)
                : "jwt";
        List<String> redirects = ClientRules.redirectUris(
                at + ".redirect-uris", list(at + ".redirect-uris", c.get("redirect-uris"), List.of()));
        List<String> logoutRedirects = ClientRules.redirectUris(
                at + ".post-logout-redirect-uris",
                list(at + ".post-logout-redirect-uris", c.get("post-logout-redirect-uris"), List.of()));
        boolean requireMfa = false;
        if (c.has("require-mfa")) {
            JsonNode m = c.get("require-mfa");
            if (!m.isBoolean()) {
                throw new ConfigException(at + ".require-mfa", "expected true or false");
            }
            requireMfa = m.asBoolean();
        }
        ClientRecord.RefreshLifetimes dflt = ClientRecord.RefreshLifetimes.DEFAULT;
        ClientRecord.RefreshLifetimes refresh = ClientRules.refresh(
                at + ".",
                new ClientRecord.RefreshLifetimes(
                        clientDuration(at + ".refresh-idle", c.get("refresh-idle"), dflt.idle()),
                        clientDuration(at + ".refresh-absolute", c.get("refresh-absolute"), dflt.absolute()),
                        clientDuration(at + ".refresh-reuse-grace", c.get("refresh-reuse-grace"), dflt.reuseGrace())));
        List<String> claims = ClientRules.claims(at + ".claims", list(at + ".claims", c.get("claims"), List.of()));
        ClientRules.consistent(at + ".", type, authMethod, grants, redirects);
        return new ClientSpec(
                id,
                secret,
                source,
                grants,
                scopes,
                audiences,
                format,
                authMethod,
                jwks,
                jwksUri,
                type,
                redirects,
                logoutRedirects,
                requireMfa,
                refresh,
                claims);
    }

    /** A client's duration setting ({@code 14d}, {@code 0s}), or {@code dflt} when it has none. */
    private static Duration clientDuration(String at, JsonNode node, Duration dflt) {
        if (node == null || node.isNull()) {
            return dflt;
        }
        return parseDuration(
                at, text(at, node, "a duration"), Duration.ZERO, ClientRules.MAX_REFRESH_LIFETIME, "a duration");
    }

    // ------------------------------------------------------------------ users

    private List<UserSpec> users(String tenantAt, JsonNode us) {
        if (us == null || us.isNull()) {
            return List.of();
        }
        if (!us.isArray()) {
            throw new ConfigException(tenantAt + ".users", "expected a list of users (- username: ...)");
        }
        List<UserSpec> out = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        int j = 0;
        for (JsonNode u : us.values()) {
            String at = tenantAt + ".users[" + j++ + "]";
            UserSpec spec;
            try {
                spec = user(at, u);
            } catch (IdentityRuleViolation e) {
                throw new ConfigException(e.field(), e.reason());
            }
            if (!keys.add(Usernames.key(spec.username()))) {
                throw new ConfigException(
                        tenantAt + ".users",
                        "user '" + spec.username() + "' is declared twice (usernames ignore case)");
            }
            out.add(spec);
        }
        return out;
    }

    private UserSpec user(String at, JsonNode u) {
        if (!u.isObject()) {
            throw new ConfigException(at, "expected a mapping with username and password-env or password-file");
        }
        unknownKeys(at, u, USER_KEYS);
        for (String inline : List.of("password", "totp-secret")) {
            if (u.has(inline)) {
                throw new ConfigException(
                        at + "." + inline,
                        "secrets are never written in the configuration; use " + inline + "-env (a variable name)"
                                + " or " + inline + "-file (a path)");
            }
        }
        String username = Usernames.check(at + ".username", text(at + ".username", u.get("username"), "a username"));
        String[] password = secretOf(at, u, "password", true);
        PasswordPolicy.check(at + "." + password[2], password[0]);
        String email =
                u.has("email") ? Users.email(at + ".email", text(at + ".email", u.get("email"), "an email")) : null;
        String name =
                u.has("name") ? Users.displayName(at + ".name", text(at + ".name", u.get("name"), "a name")) : null;
        List<String> roles = Users.roles(at + ".roles", list(at + ".roles", u.get("roles"), List.of()));
        String[] totp = secretOf(at, u, "totp-secret", false);
        if (totp != null) {
            totp[0] = totp[0].strip();
        }
        if (totp != null && !TotpSecondFactor.validSecret(totp[0])) {
            throw new ConfigException(
                    at + "." + totp[2],
                    "the TOTP secret from " + totp[1] + " is not an RFC 4648 Base32 secret of at least 128 bits");
        }
        return new UserSpec(
                username,
                password[0],
                password[1],
                email,
                name,
                roles,
                totp == null ? null : totp[0],
                totp == null ? null : totp[1]);
    }

    /**
     * The secret named by {@code <what>-env} or {@code <what>-file}: {value, where it came from, the key
     * that named it}; null when neither is set and the secret is optional.
     */
    private String[] secretOf(String at, JsonNode node, String what, boolean required) {
        boolean fromEnv = node.has(what + "-env");
        boolean fromFile = node.has(what + "-file");
        if (!fromEnv && !fromFile && !required) {
            return null;
        }
        if (fromEnv == fromFile) {
            throw new ConfigException(
                    at,
                    "set exactly one of " + what + "-env (an environment variable name) or " + what + "-file (a path)");
        }
        if (fromEnv) {
            String key = what + "-env";
            String var = envName(at + "." + key, text(at + "." + key, node.get(key), "a variable name"));
            String value = env.get(var);
            if (value == null) {
                throw new ConfigException(at + "." + key, "environment variable " + var + " is not set");
            }
            return new String[] {value, "environment variable " + var, key};
        }
        String key = what + "-file";
        String file = text(at + "." + key, node.get(key), "a path");
        try {
            String value = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            // One trailing line break is the file's, not the secret's.
            if (value.endsWith("\n")) {
                value = value.substring(0, value.length() - (value.endsWith("\r\n") ? 2 : 1));
            }
            return new String[] {value, "file " + file, key};
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(at + "." + key, "cannot read " + file + ": " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ values

    private static void unknownKeys(String at, JsonNode node, Set<String> allowed) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!allowed.contains(e.getKey())) {
                throw new ConfigException(
                        at + "." + e.getKey(),
                        "unknown setting; allowed here: " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
    }

    private static String text(String at, JsonNode node, String expected) {
        if (node == null || node.isNull() || !node.isValueNode()) {
            throw new ConfigException(at, "expected " + expected);
        }
        String v = node.asString().trim();
        if (v.isEmpty()) {
            throw new ConfigException(at, "expected " + expected + ", found an empty value");
        }
        return v;
    }

    private static List<String> list(String at, JsonNode node, List<String> dflt) {
        if (node == null || node.isNull()) {
            return dflt;
        }
        if (!node.isArray()) {
            throw new ConfigException(at, "expected a list, e.g. [a, b]");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode v : node.values()) {
            String s = text(at, v, "a list of strings");
            if (!out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    private static String envName(String at, String name) {
        if (!ENV_NAME.matcher(name).matches()) {
            throw new ConfigException(at, "'" + name + "' is not an environment variable name");
        }
        return name;
    }

    /** A tenant name: 1 to 63 of a-z 0-9 -, starting with a letter or digit (it is a path segment of the issuer). */
    public static String tenantName(String at, String name) {
        if (!TENANT_NAME.matcher(name).matches()) {
            throw new ConfigException(
                    at,
                    "'" + name + "' is not allowed; expected 1 to 63 lower-case letters, digits and dashes, starting"
                            + " with a letter or digit");
        }
        return name;
    }

    /**
     * A tenant signing algorithm by name. Whether this runtime can use it is decided by
     * {@link #requireAvailable} once the crypto provider is installed (ACCP brings ML-DSA to JDK 17).
     */
    public static JwsAlgorithm algorithm(String at, String value) {
        return TenantAlgorithms.byName(value)
                .orElseThrow(() -> new ConfigException(
                        at, "'" + value + "' is not allowed; allowed values: " + TenantAlgorithms.NAMES));
    }

    /** Refuses an algorithm the installed providers cannot sign with. */
    public static JwsAlgorithm requireAvailable(String at, JwsAlgorithm alg, String provider) {
        if (!alg.isAvailable()) {
            throw new ConfigException(
                    at,
                    alg.identifier() + " is not available with " + provider
                            + " (ML-DSA needs JDK 24+ or ACCP); allowed here: "
                            + String.join(
                                    ", ",
                                    TenantAlgorithms.available().stream()
                                            .map(JwsAlgorithm::identifier)
                                            .toList()));
        }
        return alg;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static ConfigException invalid(Setting s, String value) {
        return new ConfigException(s.key(), "'" + value + "' is not allowed; expected " + s.accepts());
    }

    private static int integer(Map<Setting, String> raw, Setting s, int min, int max) {
        String v = raw.get(s).trim();
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(s, v);
    }

    private static Path path(Map<Setting, String> raw, Setting s) {
        String v = raw.get(s).trim();
        try {
            if (!v.isEmpty()) {
                return Path.of(v);
            }
        } catch (RuntimeException e) {
            // reported below
        }
        throw invalid(s, v);
    }

    private static <E extends Enum<E>> E choice(Map<Setting, String> raw, Setting s, Class<E> type) {
        String v = raw.get(s).trim();
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(v)) {
                return e;
            }
        }
        throw invalid(s, v);
    }

    private static Duration duration(Map<Setting, String> raw, Setting s, Duration min, Duration max) {
        return parseDuration(s.key(), raw.get(s).trim(), min, max, s.accepts());
    }

    /**
     * A duration as the configuration writes it, in the largest unit that divides it: {@code 90d},
     * {@code 36h}, {@code 1500ms}.
     */
    public static String formatDuration(Duration d) {
        long ms = d.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms != 0 && ms % sizes[i] == 0) {
                return ms / sizes[i] + units[i];
            }
        }
        return ms + "ms";
    }

    /** {@code 90s}, {@code 10m}, {@code 12h}, {@code 30d}, {@code 500ms}, or ISO-8601 ({@code PT10M}). */
    public static Duration parseDuration(String at, String v, Duration min, Duration max, String accepts) {
        Duration d = null;
        Matcher m = DURATION.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else if (v.startsWith("P") || v.startsWith("p")) {
            try {
                d = Duration.parse(v);
            } catch (RuntimeException e) {
                d = null;
            }
        }
        if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new ConfigException(at, "'" + v + "' is not allowed; expected " + accepts);
        }
        return d;
    }

    private static String checkBaseUrl(String v) {
        String url = v.trim();
        try {
            URI uri = new URI(url);
            if (uri.isAbsolute()
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null
                    && uri.getRawUserInfo() == null
                    && !url.endsWith("/")) {
                return url;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw invalid(Setting.SERVER_BASE_URL, v);
    }
}
