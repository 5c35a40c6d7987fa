package dev.signet.cli.admin;

import dev.signet.cli.io.CommandContext;
import dev.signet.cli.io.CommandFailure;
import dev.signet.cli.io.ExitCode;
import dev.signet.cli.io.SignetVersion;
import dev.signet.cli.io.TextTable;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code signet admin users …}: a tenant's users. A password is never a command-line argument
 * (arguments show in {@code ps} and the shell history): it comes from {@code --password-env},
 * {@code --password-file}, or is asked for (on a terminal, without echo; otherwise one line of
 * standard input).
 */
@Command(
        name = "users",
        mixinStandardHelpOptions = true,
        versionProvider = SignetVersion.class,
        description = "List, create, disable, enable, unlock a tenant's users, reset their password or second factor.")
final class AdminUsersCommand implements Runnable {

    /** The longest password the server accepts, in UTF-8 bytes. */
    private static final int MAX_PASSWORD_BYTES = 1024;

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

    /** Where a password comes from: at most one of these, else a prompt. */
    static final class PasswordSource {
        @Option(
                names = "--password-env",
                paramLabel = "VAR",
                description = "Read the password from this environment variable.")
        String env;

        @Option(names = "--password-file", paramLabel = "FILE", description = "Read the password from this file.")
        Path file;
    }

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(),
                "Missing required subcommand: list, create, disable, enable, unlock, reset-password or reset-mfa");
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the tenant's users (never their passwords or secrets).")
    int list() {
        Map<String, Object> doc = admin.client().get(base());
        if (admin.printedJson(doc)) {
            return ExitCode.OK;
        }
        TextTable t = new TextTable("USER ID", "USERNAME", "STATE", "MFA", "EMAIL", "NAME", "ROLES");
        for (Map<?, ?> u : AdminJson.objects(doc, "users")) {
            t.row(
                    u.get("user_id"),
                    u.get("username"),
                    state(u),
                    Boolean.TRUE.equals(u.get("totp_enrolled")) ? "totp" : "-",
                    orDash(u.get("email")),
                    orDash(u.get("name")),
                    u.get("roles"));
        }
        return admin.print(t);
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a user with a password.")
    int create(
            @Parameters(paramLabel = "USERNAME", description = "What the user types to sign in.") String username,
            @Option(names = "--email", paramLabel = "ADDRESS", description = "The user's email address.") String email,
            @Option(names = "--name", paramLabel = "NAME", description = "The user's full name.") String name,
            @Option(
                            names = "--role",
                            paramLabel = "ROLE",
                            split = ",",
                            description = "A role; repeatable or comma-separated.")
                    List<String> roles,
            @Option(
                            names = "--password-change-required",
                            description = "The user must choose a new password at the first sign-in.")
                    boolean changeRequired,
            @ArgGroup(exclusive = true) PasswordSource source) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("password", password(source, "Password for " + username));
        putIfSet(body, "email", email);
        putIfSet(body, "name", name);
        putIfSet(body, "roles", roles);
        body.put("password_change_required", changeRequired);
        Map<String, Object> doc = admin.client().post(base(), body);
        if (admin.printedJson(doc)) {
            return ExitCode.OK;
        }
        return admin.print("created user " + TextTable.cell(doc.get("username")) + " ("
                + TextTable.cell(doc.get("user_id")) + ") in tenant " + TextTable.cell(tenant));
    }

    @Command(
            name = "disable",
            mixinStandardHelpOptions = true,
            description = "Disable a user: they can no longer sign in, and their sessions and refresh tokens end.")
    int disable(@Parameters(paramLabel = "USER", description = "User id or username.") String user) {
        return action(user, "/disable", "disabled");
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a disabled user again.")
    int enable(@Parameters(paramLabel = "USER", description = "User id or username.") String user) {
        return action(user, "/enable", "enabled");
    }

    @Command(
            name = "unlock",
            mixinStandardHelpOptions = true,
            description = "Lift the lock that failed sign-ins put on a user, and clear the failure count.")
    int unlock(@Parameters(paramLabel = "USER", description = "User id or username.") String user) {
        return action(user, "/unlock", "unlocked");
    }

    @Command(
            name = "reset-mfa",
            mixinStandardHelpOptions = true,
            description = {
                "Remove a user's authenticator and recovery codes; they enrol again at their next sign-in.",
                "Their sessions and refresh tokens end."
            })
    int resetMfa(@Parameters(paramLabel = "USER", description = "User id or username.") String user) {
        return action(user, "/reset-mfa", "has no second factor now");
    }

    @Command(
            name = "reset-password",
            mixinStandardHelpOptions = true,
            description = {
                "Reset a user's password: by default they must choose a new one at their next sign-in;",
                "--temporary sets a password to give them (still to be changed at the next sign-in);",
                "--link prints a one-time reset secret, valid 30 minutes. Sessions and refresh tokens end."
            })
    int resetPassword(
            @Parameters(paramLabel = "USER", description = "User id or username.") String user,
            @Option(names = "--temporary", description = "Set a temporary password (read as for create).")
                    boolean temporary,
            @Option(names = "--link", description = "Print a one-time reset secret (alone on stdout) instead.")
                    boolean link,
            @ArgGroup(exclusive = true) PasswordSource source) {
        if (temporary && link) {
            throw CommandFailure.usage("give --temporary or --link, not both");
        }
        if (source != null && !temporary) {
            throw CommandFailure.usage("--password-env and --password-file go with --temporary");
        }
        String path = user(user) + "/reset-password";
        Map<String, Object> body = null;
        if (temporary) {
            body = Map.of("password", password(source, "Temporary password"));
        } else if (link) {
            body = Map.of("link", true);
        }
        Map<String, Object> doc = admin.client().post(path, body);
        if (admin.printedJson(doc)) {
            return ExitCode.OK;
        }
        if (link) {
            admin.out().println(TextTable.cell(doc.get("reset_token")));
            admin.out().flush();
            admin.err()
                    .println("signet admin users: a one-time reset secret for " + TextTable.cell(doc.get("username"))
                            + " is on stdout, valid until " + TextTable.cell(doc.get("reset_token_expires_at"))
                            + "; it will not be shown again");
            admin.err().flush();
            return ExitCode.OK;
        }
        return admin.print("user " + TextTable.cell(doc.get("username")) + " in tenant " + TextTable.cell(tenant)
                + " must choose a new password at the next sign-in");
    }

    private int action(String user, String suffix, String done) {
        Map<String, Object> doc = admin.client().post(user(user) + suffix, null);
        if (admin.printedJson(doc)) {
            return ExitCode.OK;
        }
        return admin.print(
                "user " + TextTable.cell(doc.get("username")) + " in tenant " + TextTable.cell(tenant) + " " + done);
    }

    /** The path of the user named by id or username (looked up in the list when it is not an id of it). */
    private String user(String idOrName) {
        Map<String, Object> doc = admin.client().get(base());
        String byName = null;
        for (Map<?, ?> u : AdminJson.objects(doc, "users")) {
            if (idOrName.equals(u.get("user_id"))) {
                byName = idOrName;
                break;
            }
            Object name = u.get("username");
            if (byName == null
                    && name instanceof String n
                    && n.toLowerCase(Locale.ROOT).equals(idOrName.strip().toLowerCase(Locale.ROOT))) {
                byName = String.valueOf(u.get("user_id"));
            }
        }
        if (byName == null) {
            throw CommandFailure.usage("no user " + TextTable.cell(idOrName) + " in tenant " + TextTable.cell(tenant)
                    + " (give a user id or username; `signet admin users list` shows them)");
        }
        return base() + "/" + AdminClient.segment(byName, "user id");
    }

    /** The password from the source given, else asked for. */
    private String password(PasswordSource source, String prompt) {
        CommandContext context = CommandContext.of(spec);
        String value;
        String where;
        if (source != null && source.env != null) {
            value = context.env(source.env);
            where = "environment variable " + source.env;
            if (value == null) {
                throw CommandFailure.usage("--password-env: environment variable " + source.env + " is not set");
            }
        } else if (source != null && source.file != null) {
            where = source.file.toString();
            try {
                byte[] bytes = Files.readAllBytes(source.file);
                if (bytes.length > MAX_PASSWORD_BYTES + 2) {
                    throw CommandFailure.usage("--password-file " + where + " is over " + MAX_PASSWORD_BYTES
                            + " bytes: passwords are at most that long");
                }
                value = new String(bytes, StandardCharsets.UTF_8);
                // One line break at the end is the file's, not the password's.
                value = value.endsWith("\r\n")
                        ? value.substring(0, value.length() - 2)
                        : value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
            } catch (IOException e) {
                throw CommandFailure.usage("--password-file: cannot read " + where + ": " + e.getMessage(), e);
            }
        } else {
            value = prompted(context, prompt);
            where = "the prompt";
        }
        if (value.isEmpty()) {
            throw CommandFailure.usage("the password from " + where + " is empty");
        }
        return value;
    }

    /** On a terminal: asked twice without echo. Otherwise: one line of standard input. */
    @SuppressWarnings("SystemConsoleNull") // null (JDK 17-21, no terminal) means: read standard input
    private String prompted(CommandContext context, String prompt) {
        Console console = System.console();
        if (console != null && isTerminal(console)) {
            char[] first = console.readPassword("%s: ", prompt);
            char[] again = console.readPassword("%s (again): ", prompt);
            try {
                if (first == null || again == null || !Arrays.equals(first, again)) {
                    throw CommandFailure.usage("the two passwords typed differ; nothing was changed");
                }
                return new String(first);
            } finally {
                if (first != null) {
                    Arrays.fill(first, '\0');
                }
                if (again != null) {
                    Arrays.fill(again, '\0');
                }
            }
        }
        String line = context.inputs().secretLine(4 * MAX_PASSWORD_BYTES);
        if (line == null) {
            throw CommandFailure.usage("no password: pass --password-env VAR or --password-file FILE, or pipe it"
                    + " as one line to standard input");
        }
        return line;
    }

    private static boolean isTerminal(Console console) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // before JDK 22 a console exists only on a terminal
        }
    }

    private String base() {
        return "/admin/tenants/" + AdminClient.segment(tenant, "tenant name") + "/users";
    }

    private static String state(Map<?, ?> u) {
        if (Boolean.FALSE.equals(u.get("enabled"))) {
            return "disabled";
        }
        return Boolean.TRUE.equals(u.get("password_change_required")) ? "change password" : "active";
    }

    private static Object orDash(Object v) {
        return v == null ? "-" : v;
    }

    private static void putIfSet(Map<String, Object> body, String field, Object value) {
        if (value != null) {
            body.put(field, value);
        }
    }
}
