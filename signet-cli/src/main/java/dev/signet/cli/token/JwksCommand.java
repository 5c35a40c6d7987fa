package dev.signet.cli.token;

import dev.signet.cli.io.CommandContext;
import dev.signet.cli.io.CommandFailure;
import dev.signet.cli.io.ExitCode;
import dev.signet.cli.io.JsonText;
import dev.signet.cli.io.SignetVersion;
import dev.signet.cli.io.Style;
import dev.signet.cli.keys.JwksFetcher;
import dev.signet.cli.keys.KeyMaterial;
import dev.signet.jose.JoseException;
import dev.signet.jose.Jwk;
import dev.signet.jose.KeyType;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Lists the keys of a JWK Set and warns about what should not be in a published one. */
@Command(
        name = "jwks",
        mixinStandardHelpOptions = true,
        versionProvider = SignetVersion.class,
        description = {
            "List the keys of a JWK Set (file, '-', or URL): kid, kty, alg, use, curve or size, and RFC 7638"
                    + " thumbprint.",
            "Warns on weak keys, duplicate kids, and private members in what should be a public set; keys that"
                    + " Signet refuses are listed with the reason."
        },
        footer = {
            "",
            "Exit codes: 0 listed (warnings or not), 1 not a JWK Set, 2 usage, I/O or network error.",
            "",
            "Examples:",
            "  signet jwks https://auth.example.com/.well-known/jwks.json",
            "  signet jwks --json keys.json"
        })
public final class JwksCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "One JSON document: {keys:[...], warnings:[{code, message}]}.")
    boolean json;

    @Parameters(paramLabel = "FILE|URL|-", description = "The JWK Set: a file, '-' for stdin, or an https:// URL.")
    String source;

    @Override
    public Integer call() {
        CommandContext context = CommandContext.of(spec);
        context.cryptoReady(spec.commandLine().getErr());
        String text = JwksFetcher.isUrl(source)
                ? JwksFetcher.fetch(source)
                : context.inputs().document(source, "JWK Set");
        Map<String, Object> doc;
        try {
            doc = JsonText.parseObject(text.strip());
        } catch (JsonText.InvalidJson e) {
            throw CommandFailure.rejected("MALFORMED", "not a JWK Set: " + e.getMessage());
        }
        Object ks = doc.get("keys");
        if (!(ks instanceof List)) {
            throw CommandFailure.rejected(
                    "MALFORMED",
                    "not a JWK Set: it needs a \"keys\" array (RFC 7517 §5)"
                            + (doc.containsKey("kty") ? "; this is a single JWK, see 'signet thumbprint'" : ""));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, Object>> warnings = new ArrayList<>();
        Map<String, Integer> kids = new LinkedHashMap<>();
        int index = 0;
        for (Object entry : (List<?>) ks) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("index", index);
            if (!(entry instanceof Map)) {
                row.put("error", "not a JSON object");
                rows.add(row);
                index++;
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> member = (Map<String, Object>) entry;
            Object kid = member.get("kid");
            row.put("kid", kid instanceof String ? kid : null);
            row.put("kty", member.get("kty"));
            row.put("alg", member.get("alg"));
            row.put("use", member.get("use"));
            String label =
                    "key " + index + (kid instanceof String string ? " (kid " + JsonText.quote(string) + ")" : "");
            if (kid instanceof String string) {
                kids.merge(string, 1, Integer::sum);
            }
            List<String> secret = new ArrayList<>();
            for (String name : member.keySet()) {
                if (KeyMaterial.PRIVATE_MEMBERS.contains(name)) {
                    secret.add(name);
                }
            }
            if (!secret.isEmpty()) {
                warn(
                        warnings,
                        "PRIVATE_MEMBER",
                        label + " carries private key material (" + String.join(", ", secret)
                                + "): a published JWK Set must hold public keys only; rotate this key now"
                                + ("oct".equals(member.get("kty")) ? " (a symmetric secret is never public)" : ""));
            }
            try {
                Jwk key = Jwk.fromMap(member);
                describe(key, row);
                if (key.keyType() == KeyType.RSA && key.sizeBits() < 2048) {
                    warn(
                            warnings,
                            "WEAK_KEY",
                            label + " is RSA " + key.sizeBits()
                                    + " bits: below 2048 (RFC 7518 §3.3); verifiers refuse it");
                } else if (key.keyType() == KeyType.OCT && key.sizeBits() < 256) {
                    warn(
                            warnings,
                            "WEAK_KEY",
                            label + " is a " + key.sizeBits()
                                    + "-bit secret: HS256 needs at least 256 bits (RFC 7518 §3.2)");
                }
            } catch (JoseException e) {
                row.put("error", e.getMessage());
                warn(warnings, "REFUSED_KEY", label + " is refused: " + e.getMessage());
            } catch (RuntimeException e) {
                row.put("error", e.toString());
                warn(warnings, "REFUSED_KEY", label + " is refused: " + e);
            }
            rows.add(row);
            index++;
        }
        kids.forEach((kid, n) -> {
            if (n > 1) {
                warn(
                        warnings,
                        "DUPLICATE_KID",
                        n + " keys share kid " + JsonText.quote(kid) + ": a verifier cannot tell them apart by kid");
            }
        });
        long withoutKid = rows.stream()
                .filter(r -> r.get("kid") == null && r.get("error") == null)
                .count();
        if (rows.size() > 1 && withoutKid > 0) {
            warn(
                    warnings,
                    "NO_KID",
                    withoutKid + " of " + rows.size() + " keys have no kid: tokens cannot name"
                            + " the key that signed them");
        }
        if (rows.isEmpty()) {
            warn(warnings, "EMPTY_SET", "the set has no keys: nothing can be verified with it");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("keys", rows);
            result.put("warnings", warnings);
            out.println(JsonText.pretty(result, Style.PLAIN));
        } else {
            print(rows, warnings, out, context.style());
        }
        out.flush();
        return ExitCode.OK;
    }

    private static void describe(Jwk key, Map<String, Object> row) {
        if (key.curve() != null) {
            row.put("crv", key.curve().identifier());
        } else if (key.sizeBits() > 0) {
            row.put("bits", key.sizeBits());
        }
        row.put("private", key.isPrivate());
        row.put("thumbprint", key.thumbprint());
    }

    private static void warn(List<Map<String, Object>> warnings, String code, String message) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("code", code);
        w.put("message", message);
        warnings.add(w);
    }

    private static void print(
            List<Map<String, Object>> rows, List<Map<String, Object>> warnings, PrintWriter out, Style s) {
        out.println(s.heading(rows.size() + (rows.size() == 1 ? " key" : " keys")));
        for (Map<String, Object> r : rows) {
            StringBuilder line = new StringBuilder("  ")
                    .append(r.get("index"))
                    .append("  kid=")
                    .append(r.get("kid") == null ? "-" : JsonText.escape((String) r.get("kid")));
            for (String f : List.of("kty", "alg", "use", "crv", "bits")) {
                if (r.get(f) != null) {
                    line.append("  ").append(f).append('=').append(JsonText.escape(String.valueOf(r.get(f))));
                }
            }
            if (Boolean.TRUE.equals(r.get("private"))) {
                line.append("  ").append(s.bad("PRIVATE"));
            }
            out.println(line);
            if (r.get("thumbprint") != null) {
                out.println("     thumbprint " + r.get("thumbprint"));
            }
            if (r.get("error") != null) {
                out.println("     " + s.bad("refused: ") + JsonText.escape(String.valueOf(r.get("error"))));
            }
        }
        if (warnings.isEmpty()) {
            out.println(s.good("No warnings."));
        } else {
            out.println(s.heading("Warnings:"));
            for (Map<String, Object> w : warnings) {
                out.println("  " + s.warning(String.format("%-14s", w.get("code"))) + " " + w.get("message"));
            }
        }
    }
}
