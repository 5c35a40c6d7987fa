package dev.signet.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Shows what a token says and warns about what is risky in it; needs no key and verifies nothing. */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        versionProvider = SignetVersion.class,
        description = {"Decode a token without a key: header, claims, times (UTC and relative), size, and warnings.",
                "Nothing is verified: anyone can write anything into a token. Use 'signet verify' to trust it."},
        footer = {"", "Exit codes: 0 decoded (warnings or not), 1 not a JWT (truncated, garbage), 2 usage or I/O error.",
                "", "Examples:",
                "  signet inspect \"$TOKEN\"",
                "  pbpaste | signet inspect -",
                "  signet inspect --json @token.txt | jq '.warnings[].code'"})
final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "One JSON document: {type, header, claims, encrypted, size, times, warnings}.")
    boolean json;

    @Parameters(arity = "0..1", paramLabel = "TOKEN|@FILE|-", description = "The token (default: read stdin).")
    String token;

    @Override
    public Integer call() {
        Main main = Main.of(spec);
        TokenInspection t = TokenInspection.of(main.inputs().token(token), Instant.now());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonText.pretty(t.toDocument(), Style.PLAIN));
        } else {
            print(t, out, main.style());
        }
        out.flush();
        return Main.EXIT_OK;
    }

    private static void print(TokenInspection t, PrintWriter out, Style s) {
        out.println(s.heading(t.type + (t.encrypted() ? " (encrypted)" : " (signed)") + ", " + t.size + " bytes"));
        out.println(s.heading("Header:"));
        out.println(JsonText.pretty(t.header, s));
        if (t.encrypted()) {
            out.println(s.heading("Payload:") + " encrypted; only the protected header above is readable without"
                    + " the key");
        } else {
            out.println(s.heading("Claims:"));
            out.println(JsonText.pretty(t.claims, s));
        }
        if (!t.times.isEmpty()) {
            out.println(s.heading("Times (UTC):"));
            for (TokenInspection.Time time : t.times) {
                out.printf("  %-9s  %s  %s%n", time.claim(), time.at().truncatedTo(ChronoUnit.SECONDS),
                        s.dim(time.relative()));
            }
        }
        if (t.warnings.isEmpty()) {
            out.println(s.good("No warnings."));
        } else {
            out.println(s.heading("Warnings:"));
            for (TokenInspection.Warning w : t.warnings) {
                out.println("  " + s.warning(String.format("%-23s", w.code())) + " " + w.message());
            }
        }
    }
}
