package dev.signet.cli.admin;

import dev.signet.cli.io.CommandFailure;
import dev.signet.cli.io.ExitCode;
import dev.signet.cli.io.SignetVersion;
import dev.signet.cli.io.TextTable;
import java.io.Console;
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
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        versionProvider = SignetVersion.class,
        description = "List, rotate or revoke (emergency) a tenant's signing keys.")
final class AdminKeysCommand implements Runnable {

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
        throw new ParameterException(spec.commandLine(), "Missing required subcommand: list, rotate or revoke");
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the tenant's keys (kid and state: pending, active, retired, removed, revoked).")
    int list() {
        Map<String, Object> doc = admin.client().get(base());
        if (admin.printedJson(doc)) {
            return ExitCode.OK;
        }
        TextTable t = new TextTable("KID", "STATE");
        for (Map<?, ?> k : AdminJson.objects(doc, "keys")) {
            t.row(k.get("kid"), k.get("state"));
        }
        return admin.print(t);
    }

    @Command(
            name = "rotate",
            mixinStandardHelpOptions = true,
            description = {
                "Publish a new key now; it starts signing one pre-publication period later",
                "(keys.prepublish), so verifiers that cache the JWKS know it in time."
            })
    int rotate() {
        Map<String, Object> doc = admin.client().post(base() + "/rotate", null);
        if (admin.printedJson(doc)) {
            return ExitCode.OK;
        }
        return admin.print(
                "published key " + TextTable.cell(doc.get("pending")) + " in tenant " + TextTable.cell(tenant)
                        + " (pending; it signs after the server's keys.prepublish period); active key "
                        + TextTable.cell(doc.get("active")));
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = {
                "Emergency revocation: the key leaves the JWKS at once, a new key signs at once if it was",
                "the active one, and introspection answers active:false for every token it signed.",
                "Asks for confirmation unless --yes."
            })
    int revoke(
            @Parameters(paramLabel = "KID", description = "The key's kid (see 'signet admin keys list').") String kid,
            @Option(names = "--yes", description = "Do not ask for confirmation.") boolean yes) {
        String path = base() + "/" + AdminClient.segment(kid, "kid") + "/revoke";
        AdminClient client = admin.client();
        if (!yes) {
            confirm(client, kid);
        }
        Map<String, Object> doc = client.post(path, null);
        if (admin.printedJson(doc)) {
            return ExitCode.OK;
        }
        return admin.print("revoked key " + TextTable.cell(doc.get("revoked")) + " in tenant " + TextTable.cell(tenant)
                + "; active key " + TextTable.cell(doc.get("active")));
    }

    /**
     * Asks on stderr and reads the answer from stdin; anything but {@code yes} stops here. The key's
     * state is shown when the server lists it; an unknown kid is left for the server to refuse.
     */
    private void confirm(AdminClient client, String kid) {
        Object state = null;
        for (Map<?, ?> k : AdminJson.objects(client.get(base()), "keys")) {
            if (kid.equals(k.get("kid"))) {
                state = k.get("state");
            }
        }
        if (state == null) {
            return;
        }
        boolean active = "active".equals(state);
        admin.err()
                .print("Revoke the " + TextTable.cell(state) + " key " + TextTable.cell(kid) + " of tenant "
                        + TextTable.cell(tenant) + "? Every token it signed becomes invalid at once"
                        + (active ? " and a new key starts signing" : "") + ". Type 'yes' to revoke: ");
        admin.err().flush();
        String answer = admin.answer();
        if (!answeredOnATerminal()) {
            admin.err().println(); // the answer came from a pipe: nothing echoed the line break
        }
        if (answer == null || !answer.toLowerCase(Locale.ROOT).equals("yes")) {
            throw CommandFailure.usage(
                    "key " + TextTable.cell(kid) + " not revoked: not confirmed (answer 'yes'," + " or pass --yes)");
        }
    }

    private String base() {
        return "/admin/tenants/" + AdminClient.segment(tenant, "tenant name") + "/keys";
    }

    /**
     * Whether the standard streams are a terminal, whose echo ends the answer's line. Before JDK 22
     * the console exists only then; from JDK 22 it always exists and says so with isTerminal(),
     * which is looked up by name because this code compiles for Java 17.
     */
    @SuppressWarnings("SystemConsoleNull") // the null of JDK 17-21 is handled here, isTerminal() from 22 on
    private static boolean answeredOnATerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
