package dev.signet.cli.admin;

import dev.signet.cli.io.CommandContext;
import dev.signet.cli.io.CommandFailure;
import dev.signet.cli.io.ExitCode;
import dev.signet.cli.io.JsonText;
import dev.signet.cli.io.SignetVersion;
import dev.signet.cli.io.TextTable;
import dev.signet.cli.keys.KeyMaterial;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code signet admin clients …}: a tenant's clients. A new or rotated secret is printed once, alone
 * on stdout so a script can capture it; the server keeps only its hash.
 */
@Command(
        name = "clients",
        mixinStandardHelpOptions = true,
        versionProvider = SignetVersion.class,
        description = "List, create, rotate the secret of, disable or enable a tenant's clients.")
final class AdminClientsCommand implements Runnable {

    @ParentCommand
    AdminCommand admin;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--tenant",
            paramLabel = "T",
            defaultValue = "default",
            scope = ScopeType.INHERIT,
            description = "The tenant (default: ${DEFAULT-VALUE}).")
    String tenant;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(), "Missing required subcommand: list, create, rotate-secret, disable or enable");
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the tenant's clients (never their secrets).")
    int list() {
        Map<String, Object> doc = admin.client().get(base());
        if (admin.printedJson(doc)) {
            return ExitCode.OK;
        }
        TextTable t = new TextTable(
                "CLIENT", "STATE", "TYPE", "AUTH METHOD", "FORMAT", "GRANTS", "SCOPES", "AUDIENCES", "REDIRECT URIS");
        for (Map<?, ?> c : AdminJson.objects(doc, "clients")) {
            t.row(
                    c.get("id"),
                    state(c.get("enabled")),
                    c.get("type"),
                    c.get("auth_method"),
                    c.get("token_format"),
                    c.get("grants"),
                    c.get("scopes"),
                    c.get("audiences"),
                    c.get("redirect_uris"));
        }
        return admin.print(t);
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = {
                "Register a client. Its secret (256 random bits) is printed once, alone on stdout;",
                "the server keeps only its hash."
            })
    int create(
            @Parameters(
                            paramLabel = "ID",
                            description =
                                    "Client id: 1 to 128 of A-Z a-z 0-9 . _ ~ -, starting with a letter or digit.")
                    String id,
            @Option(
                            names = "--audience",
                            paramLabel = "AUD",
                            split = ",",
                            required = true,
                            description = "Audience of its tokens (aud); repeatable or comma-separated. At least one.")
                    List<String> audiences,
            @Option(
                            names = "--scope",
                            paramLabel = "SCOPE",
                            split = ",",
                            description = "A scope it may request; repeatable or comma-separated.")
                    List<String> scopes,
            @Option(
                            names = "--grant",
                            paramLabel = "GRANT",
                            split = ",",
                            description = "A grant it may use; default client_credentials.")
                    List<String> grants,
            @Option(
                            names = "--auth-method",
                            paramLabel = "METHOD",
                            description = "client_secret_basic (default), client_secret_post or private_key_jwt.")
                    String authMethod,
            @Option(
                            names = "--token-format",
                            paramLabel = "jwt|opaque",
                            description = "Access token format; default jwt.")
                    String tokenFormat,
            @Option(
                            names = "--jwks",
                            paramLabel = "FILE",
                            description =
                                    "private_key_jwt: the client's public JWK Set or JWK (a file, or - for stdin).")
                    String jwks,
            @Option(
                            names = "--jwks-uri",
                            paramLabel = "URL",
                            description = "private_key_jwt: where the server fetches the client's public keys (https).")
                    String jwksUri,
            @Option(
                            names = "--type",
                            paramLabel = "confidential|public",
                            description = "public: no secret, PKCE only (auth method none); default confidential.")
                    String type,
            @Option(
                            names = "--redirect-uri",
                            paramLabel = "URI",
                            split = ",",
                            description = "A redirect URI of the code flow (exact string; https, or http on loopback).")
                    List<String> redirectUris,
            @Option(
                            names = "--post-logout-redirect-uri",
                            paramLabel = "URI",
                            split = ",",
                            description = "Where logout may send the user back to (exact string).")
                    List<String> postLogoutRedirectUris,
            @Option(names = "--require-mfa", description = "Every sign-in to this client needs a second factor.")
                    boolean requireMfa,
            @Option(
                            names = "--refresh-idle",
                            paramLabel = "DURATION",
                            description = "Refresh tokens expire after this long unused; default 14d.")
                    String refreshIdle,
            @Option(
                            names = "--refresh-absolute",
                            paramLabel = "DURATION",
                            description = "Refresh tokens expire this long after the sign-in; default 90d.")
                    String refreshAbsolute,
            @Option(
                            names = "--refresh-reuse-grace",
                            paramLabel = "DURATION",
                            description = "A retry of a just-used refresh token within this gets the same successor;"
                                    + " default 0s (none).")
                    String refreshReuseGrace,
            @Option(
                            names = "--claim",
                            paramLabel = "CLAIM",
                            split = ",",
                            description = "A claim its access tokens carry: org_id, roles; none by default.")
                    List<String> claims) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("audiences", audiences);
        putIfSet(body, "scopes", scopes);
        putIfSet(body, "grants", grants);
        putIfSet(body, "auth_method", authMethod);
        putIfSet(body, "token_format", tokenFormat);
        putIfSet(body, "jwks_uri", jwksUri);
        putIfSet(body, "type", type);
        putIfSet(body, "redirect_uris", redirectUris);
        putIfSet(body, "post_logout_redirect_uris", postLogoutRedirectUris);
        if (requireMfa) {
            body.put("require_mfa", true);
        }
        putIfSet(body, "refresh_idle", refreshIdle);
        putIfSet(body, "refresh_absolute", refreshAbsolute);
        putIfSet(body, "refresh_reuse_grace", refreshReuseGrace);
        putIfSet(body, "claims", claims);
        if (jwks != null) {
            String text = CommandContext.of(spec).inputs().document(jwks, "JWK Set");
            try {
                Map<String, Object> set = JsonText.parseObject(text.strip());
                // One key (keygen's --public-out) is accepted as the set of that key.
                body.put(
                        "jwks",
                        set.containsKey("kty") && !set.containsKey("keys") ? Map.of("keys", List.of(set)) : set);
            } catch (JsonText.InvalidJson e) {
                throw CommandFailure.usage("--jwks " + jwks + ": " + e.getMessage());
            }
            refusePrivateKeys(body.get("jwks"), jwks);
        }
        return printIssued(
                admin.client().post(base(), body),
                "registered client " + TextTable.cell(id) + " in tenant " + TextTable.cell(tenant));
    }

    @Command(
            name = "rotate-secret",
            mixinStandardHelpOptions = true,
            description = "Give a client a new secret, printed once on stdout; the old one stops working at once.")
    int rotateSecret(@Parameters(paramLabel = "ID", description = "The client id.") String id) {
        return printIssued(
                admin.client().post(client(id) + "/secret", null),
                "new secret for client " + TextTable.cell(id) + " in tenant " + TextTable.cell(tenant)
                        + "; the old one no longer works");
    }

    @Command(
            name = "disable",
            mixinStandardHelpOptions = true,
            description = "Disable a client: it can no longer authenticate.")
    int disable(@Parameters(paramLabel = "ID", description = "The client id.") String id) {
        return setEnabled(id, false);
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a disabled client again.")
    int enable(@Parameters(paramLabel = "ID", description = "The client id.") String id) {
        return setEnabled(id, true);
    }

    private int setEnabled(String id, boolean enabled) {
        Map<String, Object> doc = admin.client().post(client(id) + (enabled ? "/enable" : "/disable"), null);
        if (admin.printedJson(doc)) {
            return ExitCode.OK;
        }
        return admin.print("client " + TextTable.cell(doc.get("id")) + " in tenant " + TextTable.cell(tenant) + " is "
                + state(doc.get("enabled")));
    }

    /** The secret alone on stdout (or the whole answer with --json), and on stderr that it will not be shown again. */
    private int printIssued(Map<String, Object> doc, String what) {
        Object secret = doc.get("client_secret");
        if (!admin.printedJson(doc)) {
            if (secret != null) {
                admin.out().println(TextTable.cell(secret));
            } else {
                admin.out().println(what + " (" + TextTable.cell(doc.get("auth_method")) + ": no secret)");
            }
            admin.out().flush();
        }
        if (secret != null) {
            admin.err()
                    .println("signet admin clients: " + what + "; its secret is on stdout and will not be shown"
                            + " again");
            admin.err().flush();
        }
        return ExitCode.OK;
    }

    private String base() {
        return "/admin/tenants/" + AdminClient.segment(tenant, "tenant name") + "/clients";
    }

    private String client(String id) {
        return base() + "/" + AdminClient.segment(id, "client id");
    }

    private static String state(Object enabled) {
        return Boolean.TRUE.equals(enabled) ? "enabled" : Boolean.FALSE.equals(enabled) ? "disabled" : "?";
    }

    /** A private key never leaves this machine: the server needs the public half only (and refuses the rest). */
    private static void refusePrivateKeys(Object set, String source) {
        Object keys = set instanceof Map<?, ?> m ? m.get("keys") : null;
        if (!(keys instanceof List<?> list)) {
            return; // not a JWK Set: the server says what is wrong with it
        }
        for (Object k : list) {
            if (k instanceof Map<?, ?> key && key.keySet().stream().anyMatch(KeyMaterial.PRIVATE_MEMBERS::contains)) {
                throw CommandFailure.usage("--jwks " + source + " holds private key material; give the client's"
                        + " public key (e.g. keygen's --public-out file), which is all the server needs");
            }
        }
    }

    private static void putIfSet(Map<String, Object> body, String field, Object value) {
        if (value != null) {
            body.put(field, value);
        }
    }
}
