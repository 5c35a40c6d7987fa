package dev.signet.server;

import dev.signet.server.admin.AdminCredentials;
import dev.signet.server.admin.ClientAdmin;
import dev.signet.server.admin.TenantAdmin;
import dev.signet.server.admin.TenantBootstrap;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.config.ConfigException;
import dev.signet.server.config.ConfigLoader;
import dev.signet.server.config.ServerConfig;
import dev.signet.server.config.Setting;
import dev.signet.server.http.HttpApi;
import dev.signet.server.identity.CredentialChangeListener;
import dev.signet.server.identity.Identity;
import dev.signet.server.identity.UserBootstrap;
import dev.signet.server.identity.UserDirectory;
import dev.signet.server.keys.CryptoProviders;
import dev.signet.server.keys.KeyEncryption;
import dev.signet.server.keys.RotationPolicy;
import dev.signet.server.keys.SigningKeyRing;
import dev.signet.server.oauth.AccessTokens;
import dev.signet.server.oauth.AuthorizationCodes;
import dev.signet.server.oauth.ClientAuthenticator;
import dev.signet.server.oauth.ClientKeys;
import dev.signet.server.oauth.Discovery;
import dev.signet.server.oauth.IdTokens;
import dev.signet.server.oauth.IntrospectionService;
import dev.signet.server.oauth.Issuers;
import dev.signet.server.oauth.RefreshTokens;
import dev.signet.server.oauth.SessionRevocation;
import dev.signet.server.oauth.StoredAuthorizationCodes;
import dev.signet.server.oauth.TokenService;
import dev.signet.server.oauth.UnansweredTokens;
import dev.signet.server.oauth.UserInfo;
import dev.signet.server.oauth.grant.AuthorizationCodeGrant;
import dev.signet.server.oauth.grant.ClientCredentialsGrant;
import dev.signet.server.oauth.grant.Grants;
import dev.signet.server.oauth.grant.RefreshTokenGrant;
import dev.signet.server.signin.ServerSignInPorts;
import dev.signet.server.signin.SignInFlow;
import dev.signet.server.signin.SignInPorts;
import dev.signet.server.signin.SsoSessions;
import dev.signet.server.store.AdminCredentialStore;
import dev.signet.server.store.ClientStore;
import dev.signet.server.store.ConsentStore;
import dev.signet.server.store.Database;
import dev.signet.server.store.SignInRequestStore;
import dev.signet.server.store.SigningKeyStore;
import dev.signet.server.store.SsoSessionStore;
import dev.signet.server.store.TenantStore;
import dev.signet.server.store.TokenStore;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The composition root: reads nothing itself, wires every part by hand from a {@link ServerConfig},
 * starts HTTP, the key scheduler and the purges of expired records, and stops them all on {@link #close()}.
 */
public final class Server implements AutoCloseable {

    /** How long a retired key stays published beyond the longest token lifetime: the verifiers' clock skew. */
    static final Duration RETENTION_SKEW = Duration.ofMinutes(1);

    private static final String JETTY_REFS_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

    private final ServerConfig config;
    private final Database db;
    private final Javalin http;
    private final BackgroundThreads background;
    private final SigningKeyRing keys;
    private final String cryptoProvider;
    private final Optional<Path> adminCredentialFile;
    private final boolean virtualThreads;
    private final AuditLog audit;
    private final PeopleTokens people;
    private final Identity identity;
    private final HttpApi.SignIn signIn;

    private Server(
            ServerConfig config,
            Database db,
            Javalin http,
            BackgroundThreads background,
            SigningKeyRing keys,
            String cryptoProvider,
            Optional<Path> adminCredentialFile,
            boolean virtualThreads,
            AuditLog audit,
            PeopleTokens people,
            Identity identity,
            HttpApi.SignIn signIn) {
        this.people = people;
        this.identity = identity;
        this.signIn = signIn;
        this.config = config;
        this.db = db;
        this.http = http;
        this.background = background;
        this.keys = keys;
        this.cryptoProvider = cryptoProvider;
        this.adminCredentialFile = adminCredentialFile;
        this.virtualThreads = virtualThreads;
        this.audit = audit;
    }

    /** The database and the crypto provider, both ready: what every other part is built on. */
    private record Foundation(Database db, String cryptoProvider) {}

    /** The repositories the services share. */
    private record Stores(TenantStore tenants, ClientStore clients, TokenStore tokens, UnansweredTokens unanswered) {
        Stores(Database db) {
            this(new TenantStore(db), new ClientStore(db), new TokenStore(db));
        }

        private Stores(TenantStore tenants, ClientStore clients, TokenStore tokens) {
            this(tenants, clients, tokens, new UnansweredTokens(tokens));
        }
    }

    /** The started HTTP API, and the configuration with the port it is bound to. */
    private record RunningApi(
            Javalin http, ServerConfig bound, boolean virtualThreads, PeopleTokens people, HttpApi.SignIn signIn) {}

    /**
     * What people's sign-ins are issued: authorization codes (the sign-in side issues them) and
     * refresh-token families (logout and credential changes revoke them).
     */
    private record PeopleTokens(StoredAuthorizationCodes codes, RefreshTokens refresh) {}

    /** Starts a server whose token grants and userinfo find users in its own {@link Identity}. */
    public static Server start(ServerConfig config, Map<String, String> env, Clock clock, Consumer<String> warn) {
        return start(config, env, clock, warn, null);
    }

    /**
     * Starts a server.
     *
     * @param env the environment (secrets named by the configuration are read from it)
     * @param clock the clock for tokens and key rotation (tests pass a controllable one)
     * @param warn where start-up warnings go (the CLI prints them)
     * @param users the user directory on the opened database that token grants and userinfo look users up
     *     in, or null for the server's own users ({@link Identity})
     */
    public static Server start(
            ServerConfig config,
            Map<String, String> env,
            Clock clock,
            Consumer<String> warn,
            Function<Database, UserDirectory> users) {
        return start(config, env, clock, warn, users, null);
    }

    /**
     * Starts a server whose browser sign-in calls {@code signIn} instead of the server's own
     * clients, users, codes and refresh tokens (null: its own; tests pass stand-ins).
     */
    public static Server start(
            ServerConfig config,
            Map<String, String> env,
            Clock clock,
            Consumer<String> warn,
            Function<Database, UserDirectory> users,
            SignInPorts signIn) {
        Foundation foundation = openStoreAndInstallProvider(config);
        Database db = foundation.db();
        AuditLog audit = null;
        BackgroundThreads background = null;
        try {
            requireAlgorithmsAvailable(config, foundation.cryptoProvider());
            Stores stores = new Stores(db);
            audit = new AuditLog(db, clock, config.auditIssuedTokens());
            KeyEncryption encryption = loadKeyEncryption(config, env, warn);
            // Users, passwords and second factors: the bootstrap's users and the admin API's user routes.
            Identity identity = Identity.open(db, config.passwordHashing(), encryption, audit, clock);
            SigningKeyRing keys = applyTenantsAndLoadKeys(config, encryption, identity, db, stores, audit, clock);
            AdminCredentials admin = new AdminCredentials(new AdminCredentialStore(db));
            Optional<Path> adminFile = admin.bootstrap(config.dataDir().resolve("admin-credential"), clock);
            UserDirectory directory = users == null ? identity.users() : users.apply(db);
            RunningApi api = startHttpApi(
                    config, foundation, stores, audit, keys, admin, identity, clock, encryption, directory, signIn);
            PeopleTokens people = api.people();
            // A password change or reset, an MFA reset or a disabled account ends the user's refresh tokens.
            identity.users().addListener(people.refresh());
            // ... and the user's sign-in sessions.
            identity.users().addListener(api.signIn().flow().sessions());
            background = BackgroundThreads.start(
                    config,
                    new BackgroundThreads.Parts(
                            db,
                            keys,
                            stores.tenants(),
                            stores.clients(),
                            stores.tokens(),
                            stores.unanswered(),
                            audit,
                            before -> purgeUserTokens(people, before)),
                    clock,
                    RETENTION_SKEW);
            return new Server(
                    api.bound(),
                    db,
                    api.http(),
                    background,
                    keys,
                    foundation.cryptoProvider(),
                    adminFile,
                    api.virtualThreads(),
                    audit,
                    people,
                    identity,
                    api.signIn());
        } catch (RuntimeException | IOException e) {
            if (background != null) {
                background.close();
            }
            if (audit != null) {
                audit.close();
            }
            db.close();
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
    }

    /**
     * Opens the database while the crypto provider installs. Loading and self-testing ACCP (~0.8 s)
     * and opening the database (pool, schema check) are independent: run them side by side.
     * Nothing touches the database before the provider is settled.
     */
    private static Foundation openStoreAndInstallProvider(ServerConfig config) {
        CompletableFuture<String> installing = CompletableFuture.supplyAsync(
                () -> installCryptoProvider(config.cryptoProvider()), Server::startupThread);
        Database db;
        try {
            db = openDatabase(config);
        } catch (RuntimeException e) {
            awaitQuietly(installing);
            throw e;
        }
        try {
            return new Foundation(db, await(installing));
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    @SuppressWarnings("ReferenceEquality") // a Throwable that is its own cause ends the walk
    private static Database openDatabase(ServerConfig config) {
        try {
            DataDirectory.secure(config.dataDir());
        } catch (IOException e) {
            throw new StartupException("cannot create the data directory " + config.dataDir() + ": " + e, e);
        }
        Database db;
        try {
            db = Database.open(
                    config.databaseUrl(), config.databaseUser(), config.databasePassword(), config.databasePoolSize());
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new StartupException(
                    "cannot open the database " + withoutQuery(config.databaseUrl()) + ": " + root.getMessage(), e);
        }
        tightenDatabaseFiles(config, db);
        return db;
    }

    /** The embedded database has created its files with the umask's permissions: owner-only, like the rest. */
    private static void tightenDatabaseFiles(ServerConfig config, Database db) {
        try {
            DataDirectory.tightenFiles(config.dataDir());
        } catch (IOException e) {
            db.close();
            throw new StartupException(
                    "cannot restrict the files in the data directory " + config.dataDir() + ": " + e, e);
        }
    }

    /** Only once the provider is installed can it be known which algorithms it offers. */
    private static void requireAlgorithmsAvailable(ServerConfig config, String provider) {
        ConfigLoader.requireAvailable(Setting.KEYS_ALGORITHM.key(), config.defaultAlgorithm(), provider);
        for (int i = 0; i < config.tenants().size(); i++) {
            ConfigLoader.requireAvailable(
                    "tenants[" + i + "].algorithm", config.tenants().get(i).algorithm(), provider);
        }
    }

    /** The key-encryption key, loaded before anything is written: when it is missing, start-up stops. */
    private static KeyEncryption loadKeyEncryption(
            ServerConfig config, Map<String, String> env, Consumer<String> warn) {
        return KeyEncryption.load(
                config.kekEnv(),
                config.kekFile(),
                env,
                config.kekFile().equals(config.dataDir().resolve("kek")),
                warn);
    }

    /**
     * Applies the bootstrap section (tenants, clients, users) and brings every tenant's keys up to
     * date (a first key where a tenant has none).
     */
    private static SigningKeyRing applyTenantsAndLoadKeys(
            ServerConfig config,
            KeyEncryption encryption,
            Identity identity,
            Database db,
            Stores stores,
            AuditLog audit,
            Clock clock) {
        new TenantBootstrap(stores.tenants(), stores.clients(), audit, clock, new UserBootstrap(identity, audit))
                .apply(config.tenants());
        // A retired key stays published while tokens it signed may be valid: the longest lifetime,
        // plus the check interval during which another node may still sign with it, plus skew.
        RotationPolicy policy = new RotationPolicy(
                config.rotationInterval(),
                config.prepublish(),
                config.maxAccessTokenLifetime().plus(config.keyCheckInterval()).plus(RETENTION_SKEW),
                config.jwksMaxAge());
        SigningKeyRing keys =
                new SigningKeyRing(new SigningKeyStore(db), stores.tenants(), encryption, audit, clock, policy);
        for (TenantStore.Tenant t : stores.tenants().list()) {
            keys.maintain(t.name());
        }
        return keys;
    }

    /** Wires the services behind the HTTP API and starts it; the issuer URLs then follow the bound port. */
    private static RunningApi startHttpApi(
            ServerConfig config,
            Foundation foundation,
            Stores stores,
            AuditLog audit,
            SigningKeyRing keys,
            AdminCredentials admin,
            Identity identity,
            Clock clock,
            KeyEncryption encryption,
            UserDirectory users,
            SignInPorts signIn) {
        boolean virtualThreads = virtualThreadsAvailable();
        skipJettyCacheLineProbe();
        String[] base = {config.baseUrl()};
        Issuers issuers = new Issuers(() -> base[0]);
        Metrics metrics = new Metrics(foundation.cryptoProvider());
        Database db = foundation.db();
        PeopleTokens people = new PeopleTokens(
                new StoredAuthorizationCodes(db, clock),
                new RefreshTokens(db, encryption, users, audit, metrics, clock));
        SignInPorts ports = signIn != null
                ? signIn
                : ServerSignInPorts.of(
                        stores.clients(),
                        identity.users(),
                        identity.secondFactor(),
                        users,
                        people.codes(),
                        people.refresh());
        HttpApi.Services services = services(
                config,
                foundation,
                stores,
                audit,
                keys,
                admin,
                identity,
                issuers,
                metrics,
                clock,
                people,
                users,
                ports);
        Javalin http = HttpApi.create(
                services, config.host(), config.port(), config.maxThreads(), config.maxRequestBytes(), virtualThreads);
        http.start();
        ServerConfig bound = config.withPort(http.port());
        base[0] = bound.baseUrl();
        return new RunningApi(http, bound, virtualThreads, people, services.signIn());
    }

    /** The services behind the HTTP API, wired by hand. */
    private static HttpApi.Services services(
            ServerConfig config,
            Foundation foundation,
            Stores stores,
            AuditLog audit,
            SigningKeyRing keys,
            AdminCredentials admin,
            Identity identity,
            Issuers issuers,
            Metrics metrics,
            Clock clock,
            PeopleTokens people,
            UserDirectory users,
            SignInPorts signIn) {
        TenantStore tenants = stores.tenants();
        ClientStore clients = stores.clients();
        TokenStore tokens = stores.tokens();
        Consumer<String> watchKeyAge = tenant -> metrics.keyAge(tenant, () -> {
            SigningKeyRing.ActiveKey k = keys.snapshot(tenant).active();
            return k == null
                    ? Double.NaN
                    : Duration.between(k.activatedAt(), clock.instant()).toSeconds();
        });
        tenants.list().forEach(t -> watchKeyAge.accept(t.name()));
        identity.users().observe(metrics::userSignIn);
        ClientAuthenticator authenticator =
                new ClientAuthenticator(clients, tokens, audit, issuers, clock, metrics, new ClientKeys(clock));
        AccessTokens access =
                new AccessTokens(tenants, keys, tokens, audit, clock, issuers, metrics, stores.unanswered());
        IdTokens idTokens = new IdTokens(keys, issuers, clock);
        Grants grants = new Grants(List.of(
                new ClientCredentialsGrant(access),
                new AuthorizationCodeGrant(
                        people.codes(), people.refresh(), access, idTokens, users, tokens, audit, clock),
                new RefreshTokenGrant(people.refresh(), access, idTokens, users)));
        IntrospectionService introspection =
                new IntrospectionService(keys, tokens, issuers, clock, audit, metrics, people.refresh());
        TenantAdmin tenantAdmin = new TenantAdmin(
                tenants,
                keys,
                audit,
                clock,
                config.defaultAlgorithm(),
                config.accessTokenLifetime(),
                config.maxAccessTokenLifetime(),
                watchKeyAge);
        return new HttpApi.Services(
                foundation.db(),
                tenants,
                authenticator,
                new TokenService(grants),
                introspection,
                new Discovery(issuers, grants),
                keys,
                admin,
                audit,
                new ClientAdmin(clients, audit, clock),
                tenantAdmin,
                foundation.cryptoProvider(),
                metrics,
                identity.users(),
                new UserInfo(introspection, users),
                signIn(signIn, foundation.db(), keys, issuers, clock));
    }

    /** The browser sign-in: its own stores and sessions, over the ports given. */
    private static HttpApi.SignIn signIn(
            SignInPorts ports, Database db, SigningKeyRing keys, Issuers issuers, Clock clock) {
        SsoSessions sessions = new SsoSessions(
                new SsoSessionStore(db),
                ports.revocation(),
                clock,
                SsoSessions.DEFAULT_IDLE,
                SsoSessions.DEFAULT_ABSOLUTE);
        SignInFlow flow = new SignInFlow(
                new SignInFlow.Parts(
                        issuers,
                        ports.clients(),
                        ports.passwords(),
                        ports.passwordChange(),
                        ports.secondFactor(),
                        ports.users(),
                        ports.codes(),
                        sessions,
                        new ConsentStore(db),
                        new SignInRequestStore(db),
                        tenant -> keys.snapshot(tenant).published()),
                clock);
        return new HttpApi.SignIn(flow, issuers.baseUrl());
    }

    /**
     * The single sign-on sessions: {@link SsoSessions#endSessionsOf} ends every session of a user
     * and revokes their refresh tokens.
     */
    public SsoSessions signInSessions() {
        return signIn.flow().sessions();
    }

    private static void startupThread(Runnable r) {
        Thread t = new Thread(r, "signet-startup");
        t.setDaemon(true);
        t.start();
    }

    /** The result of a start-up step, with its own exception (not wrapped). */
    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /**
     * The provider the configuration asks for, by its short name; a required ACCP that cannot load is a configuration
     * error.
     */
    private static String installCryptoProvider(CryptoProviders.Choice choice) {
        try {
            return CryptoProviders.install(choice).provider();
        } catch (CryptoProviders.Unavailable e) {
            throw new ConfigException(
                    Setting.CRYPTO_PROVIDER.key(),
                    "accp was required but cannot be used here (" + e.problem() + "); allowed values: auto, accp, jdk");
        }
    }

    /** Waits for a start-up step that no longer matters (so the JVM state is settled), ignoring how it ended. */
    private static void awaitQuietly(CompletableFuture<?> f) {
        try {
            f.join();
        } catch (RuntimeException ignored) {
            // the start-up already failed for another reason, which is the one reported
        }
    }

    /** A JDBC URL without its parameters, which may hold a password. */
    private static String withoutQuery(String url) {
        int q = url.indexOf('?');
        int semi = url.startsWith("jdbc:h2:") ? url.indexOf(';') : -1;
        int cut = q >= 0 ? q : semi;
        return cut >= 0 ? url.substring(0, cut) : url;
    }

    /**
     * Jetty pads its queues to a cache line and, unless told how many references fill one, asks the
     * HotSpot diagnostic MBean whether oops are compressed, which starts the platform MBean server:
     * 30-60 ms of CPU at start-up (JFR of a restart on JDK 17: 8% of the main thread's samples) for
     * nothing else Signet uses. Sixteen references fill at least a 64-byte line whether a reference
     * takes 4 or 8 bytes, so the padding never falls short. An operator's own value is kept.
     */
    static void skipJettyCacheLineProbe() {
        if (System.getProperty(JETTY_REFS_PER_CACHE_LINE) == null) {
            System.setProperty(JETTY_REFS_PER_CACHE_LINE, "16");
        }
    }

    /** Virtual threads are final from Java 21; we compile for 17, so look for them at run time. */
    static boolean virtualThreadsAvailable() {
        if (Runtime.version().feature() < 21) {
            return false;
        }
        try {
            Thread.class.getMethod("ofVirtual");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** The configuration in effect (with the bound port). */
    public ServerConfig config() {
        return config;
    }

    public int port() {
        return http.port();
    }

    /** The public base URL: configured, or derived from the bound address. */
    public String baseUrl() {
        return config.baseUrl();
    }

    /** Where this node answers directly: {@code http://<host>:<bound port>} (may differ from the public base URL). */
    public String localUrl() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        if (host.equals("0.0.0.0") || host.equals("[::]")) {
            host = "127.0.0.1";
        }
        return "http://" + host + ":" + http.port();
    }

    public String issuer(String tenant) {
        return config.issuer(tenant);
    }

    /** The crypto provider in use, e.g. {@code ACCP 2.5.0}. */
    public String cryptoProvider() {
        return cryptoProvider;
    }

    /** The database product, e.g. {@code H2} or {@code PostgreSQL}. */
    public String databaseProduct() {
        return db.product();
    }

    public boolean virtualThreads() {
        return virtualThreads;
    }

    /** Where the admin credential was written at this start, if it was created now. */
    public Optional<Path> adminCredentialFile() {
        return adminCredentialFile;
    }

    /** The key ring (for the CLI and tests: rotation, emergency revocation). */
    public SigningKeyRing keys() {
        return keys;
    }

    /** The users and their second factors (for tests, and the parts that sign people in). */
    public Identity identity() {
        return identity;
    }

    /** The audit log (for the CLI and tests). */
    public AuditLog audit() {
        return audit;
    }

    /**
     * What the hourly purge does to people's tokens, now: deletes authorization codes and refresh
     * families that ended more than a day before {@code before}, and sealed successors past their grace.
     */
    public void purgeUserTokens(java.time.Instant before) {
        purgeUserTokens(people, before);
    }

    private static void purgeUserTokens(PeopleTokens people, java.time.Instant before) {
        people.codes().purgeExpired(before);
        people.refresh().purgeExpired(before);
    }

    /** Where the sign-in side stores the authorization codes it issues. */
    public AuthorizationCodes authorizationCodes() {
        return people.codes();
    }

    /** What logout calls to revoke a session's refresh tokens. */
    public SessionRevocation sessionRevocation() {
        return people.refresh();
    }

    /** What hears of credential changes (password reset, MFA reset, disable): it revokes refresh tokens. */
    public CredentialChangeListener credentialChangeListener() {
        return people.refresh();
    }

    @Override
    public void close() {
        background.close();
        try {
            http.stop();
        } finally {
            try {
                audit.close(); // after HTTP: no request can record any more; writes what is queued
            } finally {
                db.close();
            }
        }
    }
}
