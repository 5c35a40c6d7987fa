package dev.signet.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.signet.cli.Cli;
import dev.signet.cli.io.JsonText;
import dev.signet.server.Server;
import dev.signet.server.config.ConfigLoader;
import dev.signet.server.config.Setting;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signet admin …} against a real server started in-process on a free port with its own
 * data directory: every subcommand, and each way a call can fail.
 */
class AdminCommandTest {

    @TempDir
    static Path data;

    static Server server;
    static String url;
    static Path credential;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        Map<Setting, String> options = new EnumMap<>(Setting.class);
        options.put(Setting.SERVER_PORT, "0");
        options.put(Setting.DATA_DIR, data.toString());
        options.put(Setting.CRYPTO_PROVIDER, "jdk");
        server = Server.start(ConfigLoader.load(null, options, Map.of()), Map.of(), Clock.systemUTC(), w -> {});
        url = server.localUrl();
        credential = data.resolve("admin-credential");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** {@code signet admin ARGS} against the test server with its credential file. */
    private static Cli.Run admin(String... args) {
        return admin(new Cli(), args);
    }

    private static Cli.Run admin(Cli cli, String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "admin";
        all[1] = "--server";
        all[2] = url;
        all[3] = "--credential-file";
        all[4] = credential.toString();
        System.arraycopy(args, 0, all, 5, args.length);
        return cli.run(all);
    }

    private HttpResponse<String> form(String path, String user, String password, String... pairs) throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            body.append(i == 0 ? "" : "&").append(enc(pairs[i])).append('=').append(enc(pairs[i + 1]));
        }
        String basic =
                Base64.getEncoder().encodeToString((enc(user) + ":" + enc(password)).getBytes(StandardCharsets.UTF_8));
        return http.send(
                HttpRequest.newBuilder(URI.create(url + path))
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Authorization", "Basic " + basic)
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> token(String tenant, String id, String secret) throws Exception {
        return form("/tenants/" + tenant + "/token", id, secret, "grant_type", "client_credentials");
    }

    private String get(String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(url + path))
                                .timeout(Duration.ofSeconds(20))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String field(String json, String name) throws Exception {
        return (String) JsonText.parseObject(json).get(name);
    }

    /** Creates a client and returns its secret, as a script would capture it. */
    private static String createClient(String tenant, String id) {
        Cli.Run r = admin(
                "clients", "create", id, "--tenant", tenant, "--audience", "orders-api", "--scope", "orders.read");
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r.out().strip();
    }

    @Test
    void tenantsAreListedAndCreated() {
        Cli.Run list = admin("tenants", "list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).startsWith("TENANT").containsPattern("(?m)^default +RS256 +10m$");

        Cli.Run create = admin("tenants", "create", "acme", "--alg", "ES256", "--token-lifetime", "5m");
        assertThat(create.exitCode()).as(create.err()).isZero();
        assertThat(create.out()).startsWith("created tenant acme: ES256, access tokens live 5m, active key ");
        assertThat(admin("tenants", "list").out()).containsPattern("(?m)^acme +ES256 +5m$");

        Cli.Run again = admin("tenants", "create", "acme");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.errLine()).isEqualTo("CONFLICT: tenant acme exists already");

        Cli.Run json = admin("--json", "tenants", "list");
        assertThat(json.exitCode()).isZero();
        assertThat(json.out())
                .startsWith("{\n  \"tenants\": [")
                .contains("\"name\": \"acme\"")
                .contains("\"access_token_lifetime_seconds\": 300");
    }

    @Test
    void createdClientGetsTokensUntilItsSecretIsRotatedOrItIsDisabled() throws Exception {
        Cli.Run create = admin(
                "clients", "create", "billing", "--audience", "billing-api", "--scope", "billing.read,billing.write");
        assertThat(create.exitCode()).as(create.err()).isZero();
        String secret = create.out().strip();
        assertThat(create.out()).isEqualTo(secret + "\n");
        assertThat(secret).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(create.errLine())
                .contains("registered client billing in tenant default")
                .endsWith("its secret is on stdout and will not be shown again");

        HttpResponse<String> issued = token("default", "billing", secret);
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        assertThat(field(issued.body(), "scope")).isEqualTo("billing.read billing.write");

        Cli.Run rotate = admin("clients", "rotate-secret", "billing");
        assertThat(rotate.exitCode()).as(rotate.err()).isZero();
        String rotated = rotate.out().strip();
        assertThat(rotated).hasSize(43).isNotEqualTo(secret);
        assertThat(rotate.errLine()).contains("will not be shown again");
        assertThat(token("default", "billing", secret).statusCode()).isEqualTo(401);
        assertThat(token("default", "billing", rotated).statusCode()).isEqualTo(200);

        Cli.Run disable = admin("clients", "disable", "billing");
        assertThat(disable.exitCode()).as(disable.err()).isZero();
        assertThat(disable.out()).isEqualTo("client billing in tenant default is disabled\n");
        assertThat(token("default", "billing", rotated).statusCode()).isEqualTo(401);
        assertThat(admin("clients", "list").out())
                .containsPattern("(?m)^billing +disabled +confidential +client_secret_basic +jwt +client_credentials"
                        + " +billing.read billing.write +billing-api +-$");

        Cli.Run enable = admin("clients", "enable", "billing");
        assertThat(enable.out()).isEqualTo("client billing in tenant default is enabled\n");
        assertThat(token("default", "billing", rotated).statusCode()).isEqualTo(200);
    }

    @Test
    void aPublicClientIsCreatedWithoutASecret() {
        Cli.Run create = admin(
                "--json",
                "clients",
                "create",
                "spa",
                "--type",
                "public",
                "--grant",
                "authorization_code,refresh_token",
                "--redirect-uri",
                "http://127.0.0.1:5173/callback",
                "--post-logout-redirect-uri",
                "http://127.0.0.1:5173/",
                "--audience",
                "orders-api",
                "--scope",
                "openid,orders.read",
                "--require-mfa",
                "--refresh-idle",
                "1d",
                "--refresh-reuse-grace",
                "2s",
                "--claim",
                "roles");
        assertThat(create.exitCode()).as(create.err()).isZero();
        assertThat(create.out())
                .contains("\"type\": \"public\"")
                .contains("\"auth_method\": \"none\"")
                .contains("\"require_mfa\": true")
                .contains("\"refresh_idle\": \"1d\"")
                .contains("\"refresh_reuse_grace\": \"2s\"")
                .contains("http://127.0.0.1:5173/callback")
                .doesNotContain("client_secret\"");
        Cli.Run cc = admin(
                "clients",
                "create",
                "spa2",
                "--type",
                "public",
                "--grant",
                "client_credentials",
                "--audience",
                "orders-api");
        assertThat(cc.exitCode()).isEqualTo(1);
        assertThat(cc.errLine()).contains("cannot use client_credentials");
        Cli.Run bad = admin(
                "clients",
                "create",
                "spa3",
                "--type",
                "public",
                "--redirect-uri",
                "http://app.example.com/cb",
                "--audience",
                "orders-api");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.errLine()).contains("redirect_uris");
    }

    @Test
    void jsonCreateAnswersTheServersDocumentWithTheSecretOnce() throws Exception {
        Cli.Run r = admin(
                "clients",
                "create",
                "reports",
                "--json",
                "--audience",
                "reports-api",
                "--token-format",
                "opaque",
                "--auth-method",
                "client_secret_post");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<String, Object> doc = JsonText.parseObject(r.out());
        assertThat(doc)
                .containsEntry("id", "reports")
                .containsEntry("token_format", "opaque")
                .containsEntry("auth_method", "client_secret_post")
                .containsEntry("enabled", true);
        assertThat((String) doc.get("client_secret")).hasSize(43);
        assertThat(r.out()).startsWith("{\n  \"id\": \"reports\",");
        assertThat(r.errLine()).contains("will not be shown again");
        assertThat(admin("clients", "list", "--json").out())
                .contains("\"reports\"")
                .doesNotContain((String) doc.get("client_secret"));
    }

    @Test
    void privateKeyJwtClientRegistersItsPublicKeysAndHasNoSecret() throws Exception {
        Path key = data.resolve("signer.jwk");
        Path pub = data.resolve("signer.pub.jwk");
        Cli.Run keygen =
                Cli.signet("keygen", "--alg", "ES256", "--out", key.toString(), "--public-out", pub.toString());
        assertThat(keygen.exitCode()).as(keygen.err()).isZero();

        Cli.Run r = admin(
                "clients",
                "create",
                "signer",
                "--auth-method",
                "private_key_jwt",
                "--jwks",
                pub.toString(),
                "--audience",
                "orders-api");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("registered client signer in tenant default (private_key_jwt: no secret)\n");
        assertThat(r.err()).isEmpty();

        Cli.Run rotate = admin("clients", "rotate-secret", "signer");
        assertThat(rotate.exitCode()).isEqualTo(1);
        assertThat(rotate.errLine()).startsWith("INVALID_REQUEST: ").contains("authenticates with keys");

        Cli.Run privateKey = admin(
                "clients",
                "create",
                "leaky",
                "--auth-method",
                "private_key_jwt",
                "--jwks",
                key.toString(),
                "--audience",
                "orders-api");
        assertThat(privateKey.exitCode()).isEqualTo(2);
        assertThat(privateKey.errLine())
                .isEqualTo("signet admin clients create: --jwks " + key + " holds private key"
                        + " material; give the client's public key (e.g. keygen's --public-out file), which is all"
                        + " the server"
                        + " needs");
        assertThat(admin("clients", "list").out()).doesNotContain("leaky");
    }

    @Test
    void revokedKeyLeavesTheJwksAndItsTokensAreInactive() throws Exception {
        assertThat(admin("tenants", "create", "revocation").exitCode()).isZero();
        String secret = createClient("revocation", "api");
        String jwt = field(token("revocation", "api", secret).body(), "access_token");
        String kid = field(
                new String(Base64.getUrlDecoder().decode(jwt.split("\\.", -1)[0]), StandardCharsets.UTF_8), "kid");

        Cli.Run list = admin("keys", "list", "--tenant", "revocation");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).startsWith("KID").containsPattern("(?m)^" + kid + " +active$");

        Cli.Run rotate = admin("keys", "rotate", "--tenant", "revocation");
        assertThat(rotate.exitCode()).as(rotate.err()).isZero();
        assertThat(rotate.out())
                .startsWith("published key ")
                .contains("(pending;")
                .endsWith("active key " + kid + "\n");
        String pending = rotate.out().split(" ", -1)[2];
        assertThat(admin("keys", "list", "--tenant", "revocation").out())
                .containsPattern("(?m)^" + pending + " +pending$");
        assertThat(get("/tenants/revocation/jwks")).contains(kid).contains(pending);

        Cli.Run revoke = admin("keys", "revoke", kid, "--tenant", "revocation", "--yes");
        assertThat(revoke.exitCode()).as(revoke.err()).isZero();
        assertThat(revoke.out()).startsWith("revoked key " + kid + " in tenant revocation; active key ");
        assertThat(get("/tenants/revocation/jwks")).doesNotContain(kid);
        assertThat(admin("keys", "list", "--tenant", "revocation").out()).containsPattern("(?m)^" + kid + " +revoked$");
        HttpResponse<String> introspected = form("/tenants/revocation/introspect", "api", secret, "token", jwt);
        assertThat(introspected.statusCode()).isEqualTo(200);
        assertThat(JsonText.parseObject(introspected.body())).containsEntry("active", false);

        Cli.Run audit = admin("audit", "--tenant", "revocation");
        assertThat(audit.exitCode()).as(audit.err()).isZero();
        assertThat(audit.out())
                .startsWith("TIME")
                .containsPattern("(?m)^\\S+Z +key\\.revoked +" + kid + " +was active$")
                .contains("client.registered");
    }

    @Test
    void revokeAsksForConfirmationAndDoesNothingWithoutIt() throws Exception {
        assertThat(admin("tenants", "create", "careful").exitCode()).isZero();
        String kid = admin("keys", "list", "--tenant", "careful")
                .out()
                .lines()
                .filter(l -> l.endsWith(" active"))
                .findFirst()
                .orElseThrow()
                .split(" ", -1)[0];

        for (String answer : new String[] {"", "no\n", "y\n"}) {
            Cli.Run declined = admin(new Cli().stdin(answer), "keys", "revoke", kid, "--tenant", "careful");
            assertThat(declined.exitCode()).as("answer %s", answer).isEqualTo(2);
            assertThat(declined.err())
                    .contains("Revoke the active key " + kid + " of tenant careful? Every token it"
                            + " signed becomes invalid at once and a new key starts signing. Type 'yes' to revoke: \n")
                    .contains("not revoked: not confirmed (answer 'yes', or pass --yes)");
            assertThat(declined.out()).isEmpty();
        }
        assertThat(get("/tenants/careful/jwks")).contains(kid);

        Cli.Run confirmed = admin(new Cli().stdin("yes\n"), "keys", "revoke", kid, "--tenant", "careful");
        assertThat(confirmed.exitCode()).as(confirmed.err()).isZero();
        assertThat(get("/tenants/careful/jwks")).doesNotContain(kid);

        Cli.Run twice = admin("keys", "revoke", kid, "--tenant", "careful", "--yes");
        assertThat(twice.exitCode()).isEqualTo(1);
        assertThat(twice.errLine()).startsWith("NOT_FOUND: no published key " + kid + " in tenant careful");
    }

    @Test
    void auditShowsTheEventsNewestFirstNarrowedBySinceAndLimit() throws Exception {
        assertThat(admin("tenants", "create", "audited").exitCode()).isZero();
        createClient("audited", "a1");
        assertThat(admin("clients", "disable", "a1", "--tenant", "audited").exitCode())
                .isZero();

        Cli.Run all = admin("audit", "--tenant", "audited");
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out().lines().skip(1).map(l -> l.split(" +", -1)[1]).toList())
                .containsSubsequence("client.disabled", "client.registered");

        Cli.Run one = admin("audit", "--tenant", "audited", "--limit", "1");
        assertThat(one.out().lines().toList()).hasSize(2);
        assertThat(one.out().lines().toList().get(1)).containsPattern("client\\.disabled +a1");

        Cli.Run recent = admin("audit", "--tenant", "audited", "--since", "10m", "--json");
        assertThat(recent.exitCode()).isZero();
        assertThat(recent.out()).contains("\"type\": \"client.disabled\"").contains("\"type\": \"client.registered\"");

        Thread.sleep(1100);
        Cli.Run none = admin("audit", "--tenant", "audited", "--since", "1s");
        assertThat(none.exitCode()).isZero();
        assertThat(none.out()).isEqualTo("TIME  TYPE  SUBJECT  DETAIL\n");

        assertThat(admin("audit", "--limit", "0").errLine())
                .isEqualTo("signet admin audit: --limit must be at least 1");
    }

    @Test
    void aWrongCredentialIsRefusedWithExitTwo() throws Exception {
        Path wrong = data.resolve("wrong-credential");
        Files.writeString(wrong, "not-the-admin-credential-at-all-0123456789abc\n");
        Cli.Run r = new Cli().run("admin", "--server", url, "--credential-file", wrong.toString(), "tenants", "list");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLine())
                .startsWith("signet admin tenants list: the admin credential was refused; ")
                .contains(wrong.toString());

        Cli.Run env = new Cli()
                .env("SIGNET_ADMIN_TOKEN", "wrong")
                .env("SIGNET_ADMIN_SERVER", url)
                .run("admin", "keys", "list");
        assertThat(env.exitCode()).isEqualTo(2);
        assertThat(env.errLine()).contains("the admin credential was refused").contains("$SIGNET_ADMIN_TOKEN");
    }

    @Test
    void credentialAndServerCanComeFromTheEnvironment() throws Exception {
        String secret = Files.readString(credential).strip();
        Cli.Run r = new Cli()
                .env("SIGNET_ADMIN_TOKEN", secret)
                .env("SIGNET_ADMIN_SERVER", url)
                .run("admin", "tenants", "list");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("default");

        // An explicit --server wins over the environment.
        Cli.Run explicit = new Cli()
                .env("SIGNET_ADMIN_TOKEN", secret)
                .env("SIGNET_ADMIN_SERVER", "http://127.0.0.1:1")
                .run("admin", "--server", url, "tenants", "list");
        assertThat(explicit.exitCode()).as(explicit.err()).isZero();
    }

    @Test
    void withoutACredentialItSaysWhereToFindOne() {
        assumeFalse(Files.exists(AdminCommand.DEFAULT_CREDENTIAL_FILE), "a server ran in the test's working directory");
        Cli.Run r = new Cli().run("admin", "--server", url, "tenants", "list");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLine())
                .isEqualTo("signet admin tenants list: no admin credential: "
                        + AdminCommand.DEFAULT_CREDENTIAL_FILE
                        + " does not exist here; pass --credential-file FILE (the"
                        + " server's <data-dir>/admin-credential) or set SIGNET_ADMIN_TOKEN");

        Cli.Run missing = new Cli().run("admin", "--credential-file", "nope", "tenants", "list");
        assertThat(missing.errLine()).isEqualTo("signet admin tenants list: no such file: nope (the admin credential)");
    }

    @Test
    void anUnreachableServerIsExitTwoWithAHint() {
        Cli.Run r = new Cli()
                .run(
                        "admin",
                        "--server",
                        "http://127.0.0.1:1",
                        "--credential-file",
                        credential.toString(),
                        "tenants",
                        "list");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLine())
                .startsWith("signet admin tenants list: cannot reach http://127.0.0.1:1")
                .endsWith("is `signet server` running?");
    }

    @Test
    void unknownTenantClientOrKeyIsExitOneNamingIt() {
        Cli.Run tenant = admin("clients", "list", "--tenant", "nope");
        assertThat(tenant.exitCode()).isEqualTo(1);
        assertThat(tenant.errLine()).isEqualTo("NOT_FOUND: no tenant named nope");

        Cli.Run client = admin("clients", "rotate-secret", "ghost");
        assertThat(client.exitCode()).isEqualTo(1);
        assertThat(client.errLine()).isEqualTo("NOT_FOUND: no client ghost in tenant default");

        Cli.Run key = admin("keys", "revoke", "no-such-kid");
        assertThat(key.exitCode())
                .as("nothing to confirm for a key the server does not list")
                .isEqualTo(1);
        assertThat(key.errLine()).isEqualTo("NOT_FOUND: no published key no-such-kid in tenant default");

        Cli.Run dots = admin("clients", "disable", "..");
        assertThat(dots.exitCode()).isEqualTo(2);
        assertThat(dots.errLine()).isEqualTo("signet admin clients disable: '..' is not a client id");
    }

    @Test
    void keyIdsMayStartWithADash() {
        // One kid in 64 starts with '-'; it must reach the server, not be taken for an unknown option.
        Cli.Run key = admin("keys", "revoke", "-BxLY59IN5KdxxeXO5ffMFX6EDrMtgPmirRSoLVzvJk", "--yes");
        assertThat(key.exitCode()).as(key.err()).isEqualTo(1);
        assertThat(key.errLine())
                .isEqualTo("NOT_FOUND: no published key -BxLY59IN5KdxxeXO5ffMFX6EDrMtgPmirRSoLVzvJk in tenant default");

        // An option the command does not have is still refused (as an argument too many).
        Cli.Run typo = admin("keys", "revoke", "some-kid", "--yse");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("--yse");
    }

    @Test
    void serverErrorsAreOneEscapedLine() {
        Cli.Run r = admin("tenants", "create", "evil\u001b[31mname\u202e");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLine())
                .startsWith("INVALID_REQUEST: ")
                .contains("\\u001b[31m")
                .doesNotContain("\u001b")
                .doesNotContain("\u202e");

        Cli.Run badAudience = admin("clients", "create", "x1", "--audience", "a", "--token-format", "paper");
        assertThat(badAudience.exitCode()).isEqualTo(1);
        assertThat(badAudience.errLine()).startsWith("INVALID_REQUEST: token_format");
    }

    @Test
    void plainHttpToAnotherHostIsRefusedBeforeAnyRequest() {
        Cli.Run r = new Cli()
                .run(
                        "admin",
                        "--server",
                        "http://auth.example.com",
                        "--credential-file",
                        credential.toString(),
                        "tenants",
                        "list");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLine())
                .isEqualTo("signet admin tenants list: refusing to send the admin credential over plain"
                        + " http to auth.example.com: anyone on the path could read it; use https:// (http:// is"
                        + " allowed only"
                        + " for localhost, 127.0.0.1 and ::1)");

        Cli.Run userInfo = new Cli()
                .run(
                        "admin",
                        "--server",
                        "https://admin:pw@auth.example.com",
                        "--credential-file",
                        credential.toString(),
                        "tenants",
                        "list");
        assertThat(userInfo.exitCode()).isEqualTo(2);
        assertThat(userInfo.errLine()).contains("without a user name, query or fragment");

        Cli.Run ftp = new Cli()
                .run(
                        "admin",
                        "--server",
                        "ftp://127.0.0.1",
                        "--credential-file",
                        credential.toString(),
                        "tenants",
                        "list");
        assertThat(ftp.errLine()).contains("must be an http:// or https:// URL");
    }

    @Test
    void missingSubcommandIsAUsageError() {
        Cli.Run r = Cli.signet("admin", "keys");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required subcommand: list, rotate or revoke");
    }
}
