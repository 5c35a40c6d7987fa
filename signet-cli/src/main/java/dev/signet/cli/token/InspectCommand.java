package dev.signet.cli.token;

import dev.signet.cli.io.CommandContext;
import dev.signet.cli.io.CommandFailure;
import dev.signet.cli.io.ExitCode;
import dev.signet.cli.io.JsonText;
import dev.signet.cli.io.SignetVersion;
import dev.signet.cli.io.Style;
import dev.signet.cli.keys.JwksFetcher;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        description = {
            "Decode a token without a key: header, claims, times (UTC and relative), size, and warnings.",
            "Nothing is verified: anyone can write anything into a token. Use 'signet verify' to trust it."
        },
        footer = {
            "",
            "Exit codes: 0 decoded (warnings or not), 1 not a JWT (truncated, garbage), 2 usage or I/O error.",
            "",
            "Examples:",
            "  signet inspect \"$TOKEN\"",
            "  pbpaste | signet inspect -",
            "  signet inspect --json @token.txt | jq '.warnings[].code'",
            "  signet inspect --jwks https://idp.example/jwks.json @token.txt"
        })
public final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--json",
            description = "One JSON document: {type, header, claims, encrypted, size, times, warnings}.")
    boolean json;

    @Option(
            names = "--jwks",
            paramLabel = "FILE|URL",
            description = "The issuer's JWK Set: says whether the token's kid is in it, and whether a missing kid"
                    + " matters. Nothing is verified.")
    String jwks;

    @Parameters(arity = "0..1", paramLabel = "TOKEN|@FILE|-", description = "The token (default: read stdin).")
    String token;

    @Override
    public Integer call() {
        CommandContext context = CommandContext.of(spec);
        List<String> kids = jwks == null ? null : keyIds(context);
        TokenInspection t = TokenInspection.of(context.inputs().token(token), Instant.now(), kids);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonText.pretty(t.toDocument(), Style.PLAIN));
        } else {
            print(t, out, context.style());
        }
        out.flush();
        return ExitCode.OK;
    }

    /** The kid of each key in the --jwks set (null where a key has none); no key is parsed or trusted. */
    private List<String> keyIds(CommandContext context) {
        String text = JwksFetcher.isUrl(jwks)
                ? JwksFetcher.fetch(jwks)
                : context.inputs().document(jwks, "JWK Set");
        Object keys;
        try {
            keys = JsonText.parseObject(text.strip()).get("keys");
        } catch (JsonText.InvalidJson e) {
            throw CommandFailure.usage("--jwks " + jwks + ": " + e.getMessage());
        }
        if (!(keys instanceof List)) {
            throw CommandFailure.usage("--jwks " + jwks + " is not a JWK Set (no \"keys\" array)");
        }
        List<String> kids = new ArrayList<>();
        for (Object k : (List<?>) keys) {
            Object kid = k instanceof Map ? ((Map<?, ?>) k).get("kid") : null;
            kids.add(kid instanceof String string ? string : null);
        }
        return kids;
    }

    private static void print(TokenInspection t, PrintWriter out, Style s) {
        out.println(s.heading(t.type + (t.encrypted() ? " (encrypted)" : " (signed)") + ", " + t.size + " bytes"));
        out.println(s.heading("Header:"));
        out.println(JsonText.pretty(t.header, s));
        if (t.encrypted()) {
            out.println(s.heading("Payload:") + " encrypted; only the protected header above is readable without"
                    + " the key");
            Object cty = t.header.get("cty");
            if (cty instanceof String string
                    && (string.equalsIgnoreCase("JWT") || string.equalsIgnoreCase("application/jwt"))) {
                out.println("  cty JWT: a nested JWT (a signed JWT inside); open and verify it with"
                        + " 'signet verify --decrypt-key FILE --key FILE ...', or decrypt it with 'signet decrypt'");
            }
        } else {
            out.println(s.heading("Claims:"));
            out.println(JsonText.pretty(t.claims, s));
        }
        if (!t.times.isEmpty()) {
            out.println(s.heading("Times (UTC):"));
            for (TokenInspection.Time time : t.times) {
                out.printf(
                        "  %-9s  %s  %s%n",
                        time.claim(), time.at().truncatedTo(ChronoUnit.SECONDS), s.dim(time.relative()));
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
