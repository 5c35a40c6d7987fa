package dev.signet.cli.admin;

import dev.signet.cli.io.CommandFailure;
import dev.signet.cli.io.Durations;
import dev.signet.cli.io.ExitCode;
import dev.signet.cli.io.SignetVersion;
import dev.signet.cli.io.TextTable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code signet admin tenants list|create}: the server's tenants, each an issuer with its own keys and clients. */
@Command(
        name = "tenants",
        mixinStandardHelpOptions = true,
        versionProvider = SignetVersion.class,
        description = "List or create tenants (GET/POST /admin/tenants).")
final class AdminTenantsCommand implements Runnable {

    @ParentCommand
    AdminCommand admin;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand: list or create");
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the tenants, their algorithm and token lifetime.")
    int list() {
        Map<String, Object> doc = admin.client().get("/admin/tenants");
        if (admin.printedJson(doc)) {
            return ExitCode.OK;
        }
        TextTable t = new TextTable("TENANT", "ALGORITHM", "TOKEN LIFETIME");
        for (Map<?, ?> tenant : AdminJson.objects(doc, "tenants")) {
            t.row(tenant.get("name"), tenant.get("algorithm"), lifetime(tenant.get("access_token_lifetime_seconds")));
        }
        return admin.print(t);
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a tenant: a new issuer <base URL>/tenants/NAME whose first key is active at once.")
    int create(
            @Parameters(paramLabel = "NAME", description = "1-63 of a-z 0-9 -, starting with a letter or digit.")
                    String name,
            @Option(
                            names = "--alg",
                            paramLabel = "ALG",
                            description = "Signing algorithm: RS256, PS256, ES256, EdDSA or ML-DSA-65. Default: the"
                                    + " server's keys.algorithm.")
                    String alg,
            @Option(
                            names = "--token-lifetime",
                            paramLabel = "DURATION",
                            converter = Durations.Converter.class,
                            description = "Access token lifetime, e.g. 10m. Default: the server's"
                                    + " tokens.access-token-lifetime.")
                    Duration lifetime) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        if (alg != null) {
            body.put("algorithm", alg);
        }
        if (lifetime != null) {
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw CommandFailure.usage("--token-lifetime must be positive, e.g. 10m");
            }
            body.put("access_token_lifetime_seconds", lifetime.toSeconds());
        }
        Map<String, Object> doc = admin.client().post("/admin/tenants", body);
        if (admin.printedJson(doc)) {
            return ExitCode.OK;
        }
        return admin.print(
                "created tenant " + TextTable.cell(doc.get("name")) + ": " + TextTable.cell(doc.get("algorithm"))
                        + ", access tokens live " + lifetime(doc.get("access_token_lifetime_seconds")) + ", active key "
                        + TextTable.cell(doc.get("active_key")));
    }

    private static String lifetime(Object seconds) {
        return seconds instanceof Long s && s >= 0
                ? Durations.describe(Duration.ofSeconds(s))
                : TextTable.cell(seconds);
    }
}
