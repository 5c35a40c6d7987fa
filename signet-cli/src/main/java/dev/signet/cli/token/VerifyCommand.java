package dev.signet.cli.token;

import dev.signet.cli.io.CommandContext;
import dev.signet.cli.io.CommandFailure;
import dev.signet.cli.io.Durations;
import dev.signet.cli.io.ExitCode;
import dev.signet.cli.io.JsonText;
import dev.signet.cli.io.SignetVersion;
import dev.signet.cli.io.Style;
import dev.signet.cli.keys.KeyLoader;
import dev.signet.cli.keys.KeyOptions;
import dev.signet.jose.JoseException;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.Jwt;
import dev.signet.jose.JwtVerifier;
import dev.signet.jose.KeySource;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Verifies a JWT completely and prints its claims, or the one reason it was rejected. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        versionProvider = SignetVersion.class,
        sortOptions = false,
        description = {
            "Verify a JWT: signature, exp/nbf/iat, issuer, audience and whatever else you require.",
            "Valid: exit 0 and the claims as JSON on stdout. Rejected: exit 1 and one line on stderr that starts"
                    + " with the reason code (EXPIRED, BAD_SIGNATURE, WRONG_AUDIENCE, ...)."
        },
        footer = {
            "",
            "The expected issuer and audience are required: a token minted for another service must not"
                    + " pass here. Waive them only knowingly, with --insecure-any-issuer / --insecure-any-audience.",
            "",
            "Examples:",
            "  signet verify --key pub.jwk --iss https://idp.example --aud api \"$TOKEN\"",
            "  signet sign --key k.jwk --iss me --aud api |",
            "    signet verify --key pub.jwk --iss me --aud api -",
            "  signet verify --key https://idp.example/jwks.json \\",
            "    --iss https://idp.example --aud api @token.txt",
            "  signet verify --decrypt-key rcpt.jwk --key pub.jwk \\",
            "    --iss me --aud api @nested.jwe"
        })
public final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    KeyOptions key;

    @Option(names = "--iss", paramLabel = "ISSUER", description = "Expected issuer; repeat to accept several.")
    List<String> issuers = new ArrayList<>();

    @Option(names = "--aud", paramLabel = "AUDIENCE", description = "Expected audience; repeat to accept several.")
    List<String> audiences = new ArrayList<>();

    @Option(
            names = "--alg",
            paramLabel = "ALG",
            description = "Allowed algorithm; repeatable (default: any the key fits).")
    List<String> algorithms = new ArrayList<>();

    @Option(names = "--typ", paramLabel = "TYP", description = "Required header typ, e.g. at+jwt.")
    String typ;

    @Option(
            names = "--skew",
            paramLabel = "DURATION",
            converter = Durations.Converter.class,
            description = "Clock skew allowed for exp/nbf/iat (default 60s, at most 10m).")
    Duration skew;

    @Option(names = "--require", paramLabel = "CLAIM", description = "A claim that must be present; repeatable.")
    List<String> required = new ArrayList<>();

    @Option(
            names = "--max-age",
            paramLabel = "DURATION",
            converter = Durations.Converter.class,
            description = "Reject tokens whose iat is older than this.")
    Duration maxAge;

    @Option(names = "--insecure-any-issuer", description = "Accept any iss (the check is skipped).")
    boolean anyIssuer;

    @Option(
            names = "--insecure-any-audience",
            description = "Accept any aud, including tokens meant for other services.")
    boolean anyAudience;

    @Option(
            names = "--json",
            description = "Print {valid, header, claims} or {valid, reason, message} as JSON"
                    + " (a nested JWT adds its JWE header as encryption).")
    boolean json;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    DecryptKey decryptKey;

    @Option(
            names = "--decrypt-alg",
            paramLabel = "ALG",
            description = "With --decrypt-key: accepted JWE key management"
                    + " algorithm; repeatable (default: the decryption key's alg).")
    List<String> decryptAlgorithms = new ArrayList<>();

    @Option(
            names = "--enc",
            paramLabel = "ENC",
            description = "With --decrypt-key: accepted JWE content encryption;" + " repeatable (default: all).")
    List<String> encryptions = new ArrayList<>();

    @Option(
            names = "--insecure-allow-rsa1_5",
            description = "With --decrypt-key: accept JWE alg RSA1_5 (a padding" + " oracle).")
    boolean rsa15;

    /** The recipient's key that opens a nested JWT: {@code --decrypt-key FILE} or {@code --decrypt-key-env NAME}. */
    static final class DecryptKey {
        @Option(
                names = "--decrypt-key",
                paramLabel = "FILE",
                required = true,
                description =
                        "Nested JWT (sign-then-encrypt, RFC 7519 §5.2): the recipient's private key (JWK, JWK Set,"
                                + " PEM) or secret that decrypts the JWE; the signed JWT inside is then verified"
                                + " with --key"
                                + " and every check.")
        String file;

        @Option(
                names = "--decrypt-key-env",
                paramLabel = "NAME",
                required = true,
                description = "As --decrypt-key, from environment variable NAME.")
        String env;

        KeyOptions keyOptions() {
            return KeyOptions.of(file, env);
        }
    }

    @Parameters(arity = "0..1", paramLabel = "TOKEN|@FILE|-", description = "The token (default: read stdin).")
    String token;

    @Override
    public Integer call() {
        CommandContext context = CommandContext.of(spec);
        JwtVerifier verifier = verifier(context);
        String compact = context.inputs().token(token);
        if (decryptKey == null && compact.chars().filter(c -> c == '.').count() == 4) {
            throw CommandFailure.usage("the token is encrypted (a JWE, 5 parts): pass --decrypt-key FILE with the"
                    + " recipient's private key to decrypt it; the signed JWT inside is then verified with --key");
        }
        PrintWriter out = spec.commandLine().getOut();
        Jwt jwt;
        try {
            jwt = verifier.verify(compact);
        } catch (JoseException e) {
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("valid", false);
                doc.put("reason", e.reason().name());
                doc.put("message", e.detail());
                out.println(JsonText.pretty(doc, Style.PLAIN));
                out.flush();
            }
            throw CommandFailure.rejected(e.reason().name(), e.detail());
        }
        Object shown;
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("valid", true);
            doc.put("header", jwt.header().members());
            doc.put("claims", jwt.claims().asMap());
            if (jwt.key() != null && jwt.key().keyId() != null) {
                doc.put("kid", jwt.key().keyId());
            }
            if (jwt.encryptionHeader() != null) {
                doc.put("encryption", jwt.encryptionHeader().members());
            }
            shown = doc;
        } else {
            shown = jwt.claims().asMap();
        }
        out.println(JsonText.pretty(shown, json ? Style.PLAIN : context.style()));
        out.flush();
        return ExitCode.OK;
    }

    /**
     * The keys as a key source. One key without a kid (a PEM key, a raw secret) is the key the
     * user named for this token, so it is tried whatever kid the token carries; the signature, the
     * algorithm and the key's type still have to fit. Keys with a kid, and every key of a set, are
     * matched by kid as usual.
     */
    private static KeySource keySource(List<Jwk> keys) {
        if (keys.size() == 1 && keys.get(0).keyId() == null) {
            Jwk only = keys.get(0);
            return header -> List.of(header.keyId() == null ? only : only.withKeyId(header.keyId()));
        }
        return KeySource.of(JwkSet.of(keys));
    }

    private JwtVerifier verifier(CommandContext context) {
        if (issuers.isEmpty() && !anyIssuer) {
            throw CommandFailure.usage("refusing to verify without an expected issuer: pass --iss ISSUER (what the"
                    + " token's iss must be), or --insecure-any-issuer to accept any issuer this key signs for");
        }
        if (audiences.isEmpty() && !anyAudience) {
            throw CommandFailure.usage("refusing to verify without an expected audience: pass --aud AUDIENCE (this"
                    + " service's name in aud), or --insecure-any-audience to accept tokens meant for any service");
        }
        if (!issuers.isEmpty() && anyIssuer) {
            throw CommandFailure.usage("--iss and --insecure-any-issuer contradict each other; pick one");
        }
        if (!audiences.isEmpty() && anyAudience) {
            throw CommandFailure.usage("--aud and --insecure-any-audience contradict each other; pick one");
        }
        context.cryptoReady(spec.commandLine().getErr());
        KeyLoader loader = new KeyLoader(context);
        List<Jwk> keys = loader.loadOrFetch(key).verificationKeys();
        JwtVerifier.Builder b = JwtVerifier.builder(keySource(keys));
        if (anyIssuer) {
            b.acceptAnyIssuer();
        } else {
            b.issuers(issuers);
        }
        if (anyAudience) {
            b.acceptAnyAudience();
        } else {
            b.audiences(audiences);
        }
        if (!algorithms.isEmpty()) {
            List<JwsAlgorithm> allowed = new ArrayList<>();
            for (String a : algorithms) {
                allowed.add(Algorithms.named(a));
            }
            b.algorithms(allowed);
        }
        if (typ != null) {
            b.type(typ);
        }
        try {
            if (skew != null) {
                b.clockSkew(skew);
            }
            if (maxAge != null) {
                b.maxTokenAge(maxAge);
            }
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usage(e.getMessage());
        }
        if (!required.isEmpty()) {
            b.requireClaims(required.toArray(new String[0]));
        }
        if (decryptKey != null) {
            // The outer layer of a nested JWT.
            Decryption decryption = new Decryption(decryptAlgorithms, encryptions, rsa15, "--decrypt-alg");
            KeyOptions where = decryptKey.keyOptions();
            b.decryptWith(decryption.decrypter(
                    decryption.takesPassword() ? loader.loadKeyOrPassword(where) : loader.load(where)));
        } else if (!decryptAlgorithms.isEmpty() || !encryptions.isEmpty() || rsa15) {
            throw CommandFailure.usage("--decrypt-alg, --enc and --insecure-allow-rsa1_5 go with --decrypt-key");
        }
        return b.build();
    }
}
