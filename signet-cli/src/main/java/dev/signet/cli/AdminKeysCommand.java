package dev.signet.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code signet admin keys list|rotate|revoke}: a tenant's signing key ring. */
@Command(name = "keys", mixinStandardHelpOptions = true, versionProvider = SignetVersion.class,
        description = "List, rotate or revoke (emergency) a tenant's signing keys.")
final class AdminKeysCommand implements Runnable {

    @ParentCommand
    AdminCommand admin;

    @Spec
    CommandSpec spec;

    @Option(names = "--tenant", paramLabel = "T", defaultValue = "default", scope = ScopeType.INHERIT,
            description = "The tenant (default: ${DEFAULT-VALUE}).")
    String tenant;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand: list, rotate or revoke");
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the tenant's keys (kid and state: pending, active, retired, removed, revoked).")
    int list() {
        Map<String, Object> doc = admin.client().get(base());
        if (admin.printedJson(doc)) {
            return Main.EXIT_OK;
        }
        TextTable t = new TextTable("KID", "STATE");
        for (Map<?, ?> k : AdminJson.objects(doc, "keys")) {
            t.row(k.get("kid"), k.get("state"));
        }
        admin.out().print(t.render(admin.style()));
        admin.out().flush();
        return Main.EXIT_OK;
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = {"Publish a new key now; it starts signing one pre-publication period later",
                "(keys.prepublish), so verifiers that cache the JWKS know it in time."})
    int rotate() {
        Map<String, Object> doc = admin.client().post(base() + "/rotate", null);
        if (admin.printedJson(doc)) {
            return Main.EXIT_OK;
        }
        admin.out().println("published key " + TextTable.cell(doc.get("pending")) + " in tenant " + TextTable.cell(tenant)
                + " (pending; it signs after the server's keys.prepublish period); active key "
                + TextTable.cell(doc.get("active")));
        admin.out().flush();
        return Main.EXIT_OK;
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = {"Emergency revocation: the key leaves the JWKS at once, a new key signs at once if it was",
                "the active one, and introspection answers active:false for every token it signed.",
                "Asks for confirmation unless --yes."})
    int revoke(
            @Parameters(paramLabel = "KID", description = "The key's kid (see 'signet admin keys list').") String kid,
            @Option(names = "--yes", description = "Do not ask for confirmation.") boolean yes) {
        String path = base() + "/" + AdminClient.segment(kid, "kid") + "/revoke";
        AdminClient client = admin.client();
        if (!yes) {
            admin.err().print("Revoke key " + TextTable.cell(kid) + " of tenant " + TextTable.cell(tenant)
                    + "? Every token it signed becomes invalid at once. Type 'yes' to revoke: ");
            admin.err().flush();
            String answer = admin.answer();
            if (answer == null) {
                admin.err().println();
            }
            if (answer == null || !answer.toLowerCase(Locale.ROOT).equals("yes")) {
                throw CommandFailure.usage("key " + TextTable.cell(kid) + " not revoked: not confirmed (answer 'yes',"
                        + " or pass --yes)");
            }
        }
        Map<String, Object> doc = client.post(path, null);
        if (admin.printedJson(doc)) {
            return Main.EXIT_OK;
        }
        admin.out().println("revoked key " + TextTable.cell(doc.get("revoked")) + " in tenant " + TextTable.cell(tenant)
                + "; active key " + TextTable.cell(doc.get("active")));
        admin.out().flush();
        return Main.EXIT_OK;
    }

    private String base() {
        return "/admin/tenants/" + AdminClient.segment(tenant, "tenant name") + "/keys";
    }
}
