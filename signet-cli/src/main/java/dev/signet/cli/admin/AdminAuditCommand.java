package dev.signet.cli.admin;

import dev.signet.cli.io.CommandFailure;
import dev.signet.cli.io.Durations;
import dev.signet.cli.io.ExitCode;
import dev.signet.cli.io.SignetVersion;
import dev.signet.cli.io.TextTable;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code signet admin audit}: a tenant's latest audit events, newest first. The server answers its
 * latest 200; {@code --since} and {@code --limit} narrow that here.
 */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        versionProvider = SignetVersion.class,
        description = {
            "Show a tenant's latest audit events, newest first.",
            "The server answers its latest 200; --since and --limit narrow those."
        })
final class AdminAuditCommand implements Callable<Integer> {

    @ParentCommand
    AdminCommand admin;

    @Option(
            names = "--tenant",
            paramLabel = "T",
            defaultValue = "default",
            description = "The tenant (default: ${DEFAULT-VALUE}).")
    String tenant;

    @Option(
            names = "--since",
            paramLabel = "DURATION",
            converter = Durations.Converter.class,
            description = "Only events of the last DURATION, e.g. 15m, 2h, 1d.")
    Duration since;

    @Option(names = "--limit", paramLabel = "N", description = "At most N events (the newest).")
    Integer limit;

    @Override
    public Integer call() {
        if (since != null && (since.isNegative() || since.isZero())) {
            throw CommandFailure.usage("--since must be a positive duration, e.g. 15m");
        }
        if (limit != null && limit < 1) {
            throw CommandFailure.usage("--limit must be at least 1");
        }
        Map<String, Object> doc =
                admin.client().get("/admin/tenants/" + AdminClient.segment(tenant, "tenant name") + "/audit");
        Instant from = since == null ? null : Instant.now().minus(since);
        List<Map<?, ?>> events = new ArrayList<>();
        for (Map<?, ?> e : AdminJson.objects(doc, "events")) {
            if (limit != null && events.size() >= limit) {
                break;
            }
            if (from == null || !at(e).isBefore(from)) {
                events.add(e);
            }
        }
        if (admin.json) {
            Map<String, Object> filtered = new LinkedHashMap<>(doc);
            filtered.put("events", events);
            admin.printedJson(filtered);
            return ExitCode.OK;
        }
        TextTable t = new TextTable("TIME", "TYPE", "SUBJECT", "DETAIL");
        for (Map<?, ?> e : events) {
            t.row(e.get("at"), e.get("type"), e.get("subject"), e.get("detail"));
        }
        return admin.print(t);
    }

    private static Instant at(Map<?, ?> event) {
        try {
            return Instant.parse(String.valueOf(event.get("at")));
        } catch (DateTimeParseException e) {
            throw CommandFailure.usage(
                    "an audit event's time is not an ISO-8601 instant: " + TextTable.cell(event.get("at")));
        }
    }
}
