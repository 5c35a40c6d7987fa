package dev.signet.cli.admin;

import dev.signet.cli.io.CommandContext;
import dev.signet.cli.io.CommandFailure;
import dev.signet.cli.io.ExitCode;
import dev.signet.cli.io.JsonText;
import dev.signet.cli.io.SignetVersion;
import dev.signet.cli.io.Style;
import dev.signet.cli.io.TextTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code signet admin}: the server's admin API from the command line. Holds the options every admin
 * command shares (which server, which credential, JSON or tables) and turns them into an
 * {@link AdminClient}.
 */
@Command(
        name = "admin",
        mixinStandardHelpOptions = true,
        versionProvider = SignetVersion.class,
        description = {
            "Manage a running Signet server through its admin API: tenants, clients, keys, audit log.",
            "The credential is the one the server wrote at first start to <data-dir>/admin-credential."
        },
        subcommands = {
            AdminTenantsCommand.class,
            AdminClientsCommand.class,
            AdminUsersCommand.class,
            AdminKeysCommand.class,
            AdminAuditCommand.class
        },
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  done",
            "  1  the server refused the request: no such tenant, client or key, a conflict,",
            "     an invalid value",
            "  2  usage error; the credential was refused; the server is unreachable or failed",
            "",
            "Environment: SIGNET_ADMIN_SERVER (default " + AdminCommand.DEFAULT_SERVER + "),",
            "             SIGNET_ADMIN_TOKEN (the admin credential itself, instead of a file)"
        })
public final class AdminCommand implements Callable<Integer> {

    public static final String DEFAULT_SERVER = "http://127.0.0.1:8080";
    static final String SERVER_ENV = "SIGNET_ADMIN_SERVER";
    static final String TOKEN_ENV = "SIGNET_ADMIN_TOKEN";
    /** Where {@code signet server} with zero configuration writes the credential, relative to the working directory. */
    public static final Path DEFAULT_CREDENTIAL_FILE = Path.of("signet-data", "admin-credential");
    /** The credential is 43 characters; a file much larger than that is not a credential file. */
    private static final int MAX_CREDENTIAL_BYTES = 4096;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--server",
            paramLabel = "URL",
            scope = ScopeType.INHERIT,
            description = "The server's base URL. Default: $" + SERVER_ENV + ", else " + DEFAULT_SERVER
                    + ". Plain http only to localhost.")
    String server;

    @Option(
            names = "--credential-file",
            paramLabel = "FILE",
            scope = ScopeType.INHERIT,
            description = "File holding the admin credential. Default: $" + TOKEN_ENV
                    + " (the credential itself) if set, else signet-data/admin-credential in the working directory.")
    Path credentialFile;

    @Option(
            names = "--json",
            scope = ScopeType.INHERIT,
            description = "Print the server's JSON answer (pretty-printed) instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(), "Missing required subcommand: tenants, clients, users, keys or audit");
    }

    /** The client for the server and credential the options and environment name. */
    AdminClient client() {
        CommandContext context = CommandContext.of(spec);
        String url = server != null ? server : nonBlank(context.env(SERVER_ENV), DEFAULT_SERVER);
        var base = AdminClient.checkedServer(url);
        if (credentialFile != null) {
            return new AdminClient(base, readCredential(credentialFile, false), credentialFile.toString());
        }
        String token = context.env(TOKEN_ENV);
        if (token != null && !token.isBlank()) {
            return new AdminClient(base, checkedCredential(token.strip(), "$" + TOKEN_ENV), "$" + TOKEN_ENV);
        }
        return new AdminClient(base, readCredential(DEFAULT_CREDENTIAL_FILE, true), DEFAULT_CREDENTIAL_FILE.toString());
    }

    /** Standard output. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Standard error. */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    Style style() {
        return CommandContext.of(spec).style();
    }

    /** One line the user typed in answer to a question, or null at the end of standard input. */
    String answer() {
        return CommandContext.of(spec).inputs().answer();
    }

    /** With {@code --json}, prints {@code doc} and returns true; the caller prints its table otherwise. */
    boolean printedJson(Map<String, Object> doc) {
        if (!json) {
            return false;
        }
        out().println(JsonText.pretty(doc, style()));
        out().flush();
        return true;
    }

    /** Prints the table on stdout; exit 0. */
    int print(TextTable table) {
        out().print(table.render(style()));
        out().flush();
        return ExitCode.OK;
    }

    /** Prints one line on stdout; exit 0. */
    int print(String line) {
        out().println(line);
        out().flush();
        return ExitCode.OK;
    }

    private static String readCredential(Path file, boolean isDefault) {
        if (!Files.exists(file)) {
            throw CommandFailure.usage(
                    isDefault
                            ? "no admin credential: " + file + " does not exist here; pass --credential-file FILE (the"
                                    + " server's <data-dir>/admin-credential) or set " + TOKEN_ENV
                            : "no such file: " + file + " (the admin credential)");
        }
        if (Files.isDirectory(file)) {
            throw CommandFailure.usage(file + " is a directory; give the admin credential file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_CREDENTIAL_BYTES + 1);
        } catch (IOException e) {
            throw CommandFailure.usage("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length > MAX_CREDENTIAL_BYTES) {
            throw CommandFailure.usage(
                    file + " is over " + MAX_CREDENTIAL_BYTES + " bytes: not an admin credential file");
        }
        return checkedCredential(new String(bytes, StandardCharsets.UTF_8).strip(), file.toString());
    }

    /**
     * A bearer credential is visible ASCII (RFC 6750 §2.1 b64token is narrower still); nothing else goes in a header.
     */
    private static String checkedCredential(String value, String source) {
        if (value.isEmpty()) {
            throw CommandFailure.usage("the admin credential in " + source + " is empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw CommandFailure.usage("the admin credential in " + source + " holds a character that is not"
                        + " visible ASCII (at position " + i
                        + "); it should be the server's <data-dir>/admin-credential");
            }
        }
        return value;
    }

    private static String nonBlank(String value, String dflt) {
        return value == null || value.isBlank() ? dflt : value;
    }
}
