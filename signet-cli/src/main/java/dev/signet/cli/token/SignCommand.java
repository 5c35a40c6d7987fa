package dev.signet.cli.token;

import dev.signet.cli.io.CommandContext;
import dev.signet.cli.io.CommandFailure;
import dev.signet.cli.io.Durations;
import dev.signet.cli.io.ExitCode;
import dev.signet.cli.io.JsonText;
import dev.signet.cli.io.SignetVersion;
import dev.signet.cli.keys.KeyLoader;
import dev.signet.cli.keys.KeyMaterial;
import dev.signet.cli.keys.KeyOptions;
import dev.signet.jose.Base64Url;
import dev.signet.jose.JoseException;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwtClaims;
import dev.signet.jose.JwtSigner;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Signs a claims set into a compact JWT. */
@Command(
        name = "sign",
        mixinStandardHelpOptions = true,
        versionProvider = SignetVersion.class,
        sortOptions = false,
        description = {
            "Sign claims into a compact JWT and print it.",
            "iat is always set to now; exp defaults to 15m from now."
        },
        footer = {
            "",
            "Claims are taken from --claims first, then --claim, then the named options (which win).",
            "A --claim value that parses as JSON is JSON (true, 42, [\"a\"], {\"k\":1}); anything else is a"
                    + " string. Quote to force a string: --claim 'zip=\"01234\"'.",
            "",
            "Examples:",
            "  signet sign --key k.jwk --iss https://idp.example --sub alice --aud api",
            "  export SECRET=\"$(signet keygen --alg HS256)\"",
            "  signet sign --key-env SECRET --aud api --claim scope='read write'",
            "  echo '{\"sub\":\"bob\"}' | signet sign --key k.jwk --claims - --aud api"
        })
public final class SignCommand implements Callable<Integer> {

    private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(15);

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    KeyOptions key;

    @Option(
            names = "--alg",
            paramLabel = "ALG",
            description = "Algorithm (default: the key's alg, else the usual one for its type).")
    String alg;

    @Option(names = "--typ", paramLabel = "TYP", description = "Header typ, e.g. at+jwt (RFC 9068).")
    String typ;

    @Option(
            names = "--kid",
            paramLabel = "KID",
            description = "Pick this key from a JWK Set; for a single key, the kid to put in the header.")
    String kid;

    @Option(names = "--iss", paramLabel = "ISSUER", description = "Issuer (iss).")
    String iss;

    @Option(names = "--sub", paramLabel = "SUBJECT", description = "Subject (sub).")
    String sub;

    @Option(names = "--aud", paramLabel = "AUDIENCE", description = "Audience (aud); repeat for several.")
    List<String> aud = new ArrayList<>();

    @Option(
            names = "--exp",
            paramLabel = "DURATION|never",
            description = "Lifetime from now, e.g. 30s, 15m, 1h30m, 2d (default 15m); a negative one (=-5m) makes an"
                    + " expired token; 'never' leaves exp out.")
    String exp;

    @Option(
            names = "--nbf",
            paramLabel = "DURATION",
            converter = Durations.Converter.class,
            description = "Not before: now plus this duration (0s = now).")
    Duration nbf;

    @Option(names = "--jti", paramLabel = "ID|auto", description = "JWT ID; 'auto' makes a random 128-bit one.")
    String jti;

    @Option(names = "--claim", paramLabel = "NAME=VALUE", description = "A claim; repeatable.")
    List<String> claim = new ArrayList<>();

    @Option(names = "--claims", paramLabel = "FILE|-", description = "A JSON object of claims to start from.")
    String claimsFile;

    @Override
    public Integer call() {
        CommandContext context = CommandContext.of(spec);
        context.cryptoReady(spec.commandLine().getErr());
        KeyMaterial keys = new KeyLoader(context).load(key);
        Jwk signingKey = keys.signingKey(kid);
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        if (claimsFile != null) {
            try {
                claims.putAll(JsonText.parseObject(context.inputs().document(claimsFile, "claims")));
            } catch (JsonText.InvalidJson e) {
                throw CommandFailure.usage(
                        "--claims " + claimsFile + ": " + e.getMessage() + " (expected a JSON object)");
            }
        }
        for (String c : claim) {
            int eq = c.indexOf('=');
            if (eq <= 0) {
                throw CommandFailure.usage("--claim needs NAME=VALUE, got '" + c + "'");
            }
            claims.put(c.substring(0, eq), claimValue(c.substring(eq + 1)));
        }
        put(claims, JwtClaims.ISSUER, iss);
        put(claims, JwtClaims.SUBJECT, sub);
        if (!aud.isEmpty()) {
            claims.put(JwtClaims.AUDIENCE, aud.size() == 1 ? aud.get(0) : List.copyOf(aud));
        }
        claims.put(JwtClaims.ISSUED_AT, now.getEpochSecond());
        if (exp == null) {
            if (!claims.containsKey(JwtClaims.EXPIRATION)) {
                claims.put(JwtClaims.EXPIRATION, now.plus(DEFAULT_LIFETIME).getEpochSecond());
            }
        } else if (exp.equals("never")) {
            claims.remove(JwtClaims.EXPIRATION);
        } else {
            claims.put(JwtClaims.EXPIRATION, now.plus(duration("--exp", exp)).getEpochSecond());
        }
        if (nbf != null) {
            claims.put(JwtClaims.NOT_BEFORE, now.plus(nbf).getEpochSecond());
        }
        if (jti != null) {
            claims.put(JwtClaims.JWT_ID, jti.equals("auto") ? randomId() : jti);
        }
        JwtClaims built;
        try {
            built = JwtClaims.builder().claims(claims).build();
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usage("invalid claims: " + e.getMessage());
        }
        JwtSigner.Builder signer = JwtSigner.builder(signingKey);
        if (alg != null) {
            signer.algorithm(Algorithms.named(alg));
        }
        if (typ != null) {
            signer.type(typ);
        }
        String token;
        try {
            token = signer.build().sign(built);
        } catch (JoseException e) {
            throw CommandFailure.usage("cannot sign with the key in " + keys.source() + ": " + e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(token);
        out.flush();
        return ExitCode.OK;
    }

    private static void put(Map<String, Object> claims, String name, String value) {
        if (value != null) {
            claims.put(name, value);
        }
    }

    private static Duration duration(String option, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usage(option + ": " + e.getMessage());
        }
    }

    /** JSON when the text parses as JSON, else the text itself. */
    static Object claimValue(String text) {
        try {
            return JsonText.parse(text);
        } catch (JsonText.InvalidJson notJson) {
            return text;
        }
    }

    private static String randomId() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return Base64Url.encode(b);
    }
}
