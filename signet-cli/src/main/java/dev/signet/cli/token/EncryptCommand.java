package dev.signet.cli.token;

import dev.signet.cli.io.CommandContext;
import dev.signet.cli.io.CommandFailure;
import dev.signet.cli.io.ExitCode;
import dev.signet.cli.io.Inputs;
import dev.signet.cli.io.JsonText;
import dev.signet.cli.io.SignetVersion;
import dev.signet.cli.keys.KeyLoader;
import dev.signet.cli.keys.KeyMaterial;
import dev.signet.cli.keys.KeyOptions;
import dev.signet.jose.Base64Url;
import dev.signet.jose.ContentEncryption;
import dev.signet.jose.JoseException;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.JweEncrypter;
import dev.signet.jose.Jwk;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Encrypts a payload (or a signed JWT, as a nested JWT) to a recipient's key as compact JWE. */
@Command(
        name = "encrypt",
        mixinStandardHelpOptions = true,
        versionProvider = SignetVersion.class,
        sortOptions = false,
        description = {
            "Encrypt a payload to the recipient's key and print a compact JWE.",
            "A payload that is a signed JWT (a compact JWS, e.g. piped from 'signet sign') becomes a nested"
                    + " JWT: cty is set to JWT automatically (--cty overrides)."
        },
        footer = {
            "",
            "--key is the recipient's public key (a JWK, a JWK Set with --kid, a PEM key or certificate; a"
                    + " private key file works too, only its public half is used), or the shared secret for"
                    + " A*KW, A*GCMKW and dir, or the password for PBES2 (best from --key-env NAME or a file).",
            "Encryption hides the claims; it does not say who made the token. Sign first, then encrypt.",
            "",
            "Examples:",
            "  signet keygen --alg ECDH-ES+A256KW --out rcpt.jwk --public-out rcpt.pub.jwk",
            "  signet sign --key k.jwk --iss me --aud api |",
            "    signet encrypt --key rcpt.pub.jwk --enc A256GCM > token.jwe",
            "  export PASSWORD='correct horse battery staple'",
            "  signet encrypt --key-env PASSWORD --alg PBES2-HS256+A128KW @notes.txt"
        })
public final class EncryptCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    KeyOptions key;

    @Option(
            names = "--alg",
            paramLabel = "ALG",
            description = "Key management: RSA-OAEP-256 (-384, -512, RSA-OAEP), ECDH-ES, ECDH-ES+A128KW/A192KW/A256KW,"
                    + " A128KW/A192KW/A256KW, A128GCMKW/A192GCMKW/A256GCMKW, dir, PBES2-HS256+A128KW/HS384+A192KW/"
                    + "HS512+A256KW. Default: the key's alg.")
    String alg;

    @Option(
            names = "--enc",
            paramLabel = "ENC",
            description = "Content encryption: A128GCM, A192GCM, A256GCM, A128CBC-HS256, A192CBC-HS384, A256CBC-HS512."
                    + " Default: A256GCM (for dir, the key's alg when it names one).")
    String enc;

    @Option(
            names = "--kid",
            paramLabel = "KID",
            description = "Pick this key from a JWK Set; for a single key, the kid to put in the header.")
    String kid;

    @Option(names = "--typ", paramLabel = "TYP", description = "Header typ.")
    String typ;

    @Option(
            names = "--cty",
            paramLabel = "CTY",
            description = "Header cty (default: JWT when the payload is a signed JWT, else none).")
    String cty;

    @Option(
            names = "--zip",
            description = "Compress with DEFLATE first (zip: DEF). Leaks the payload's"
                    + " compressibility through the length (CRIME/BREACH): never with secrets next to attacker text.")
    boolean zip;

    @Option(
            names = "--pbes2-iterations",
            paramLabel = "N",
            description = "PBES2 iteration count (p2c); default " + JweEncrypter.DEFAULT_PBES2_ITERATIONS
                    + ", at least "
                    + JweEncrypter.MIN_PBES2_ITERATIONS + ". Decrypters refuse more than their maximum (signet: "
                    + "600000).")
    Integer pbes2Iterations;

    @Option(
            names = "--insecure-allow-rsa1_5",
            description = "Permit --alg RSA1_5 (RSAES-PKCS1-v1_5, a padding oracle), for a recipient that cannot"
                    + " decrypt RSA-OAEP.")
    boolean rsa15;

    @Parameters(
            arity = "0..1",
            paramLabel = "PAYLOAD|@FILE|-",
            description = "What to encrypt: text, a file, or stdin (default). Binary files are fine.")
    String payload;

    @Override
    public Integer call() {
        CommandContext context = CommandContext.of(spec);
        JweAlgorithm algorithm = alg == null ? null : Algorithms.keyManagement(alg);
        ContentEncryption encryption = enc == null ? null : Algorithms.contentEncryption(enc);
        if (algorithm == JweAlgorithm.RSA1_5 && !rsa15) {
            throw CommandFailure.usage(
                    "RSA1_5 is insecure (Bleichenbacher's padding oracle); use RSA-OAEP-256, or if the"
                            + " recipient cannot decrypt it, pass --insecure-allow-rsa1_5");
        }
        if (pbes2Iterations != null && pbes2Iterations < JweEncrypter.MIN_PBES2_ITERATIONS) {
            throw CommandFailure.usage("--pbes2-iterations must be at least " + JweEncrypter.MIN_PBES2_ITERATIONS);
        }
        context.cryptoReady(spec.commandLine().getErr());
        KeyLoader loader = new KeyLoader(context);
        KeyMaterial keys = algorithm != null && algorithm.identifier().startsWith("PBES2")
                ? loader.loadKeyOrPassword(key)
                : loader.load(key);
        Jwk recipient = keys.encryptionKey(kid, algorithm);
        if (algorithm == null && KeyMaterial.jweAlgorithmOf(recipient) == null) {
            throw CommandFailure.usage("name the key management algorithm with --alg: the key in " + keys.source()
                    + (recipient.algorithm() == null
                            ? " has no alg"
                            : " has alg " + recipient.algorithm() + ", which is no JWE algorithm"));
        }
        byte[] plaintext = context.inputs().payload(payload);
        String nested = signedJwt(plaintext);
        JweEncrypter.Builder b = JweEncrypter.builder(recipient);
        if (algorithm != null) {
            b.algorithm(algorithm);
        }
        if (encryption != null) {
            b.encryption(encryption);
        }
        if (zip) {
            b.compress();
        }
        if (typ != null) {
            b.type(typ);
        }
        if (cty != null) {
            b.contentType(cty);
        } else if (nested != null) {
            b.contentType("JWT");
        }
        if (pbes2Iterations != null) {
            b.pbes2Iterations(pbes2Iterations);
        }
        if (rsa15) {
            b.allowInsecureRsa1_5();
        }
        String token;
        try {
            JweEncrypter encrypter = b.build();
            token = encrypter.encrypt(nested != null ? nested.getBytes(StandardCharsets.US_ASCII) : plaintext);
        } catch (JoseException e) {
            throw CommandFailure.usage("cannot encrypt to the key in " + keys.source() + ": " + e.getMessage(), e);
        } finally {
            java.util.Arrays.fill(plaintext, (byte) 0);
        }
        if (rsa15) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("signet encrypt: warning: RSA1_5 is insecure (a padding oracle); move the recipient to"
                    + " RSA-OAEP-256");
            err.flush();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(token);
        out.flush();
        return ExitCode.OK;
    }

    /**
     * The payload as a compact JWS (trimmed of surrounding whitespace, such as the newline
     * {@code signet sign} ends with), or null when it is not one: three Base64URL parts whose
     * first is a JSON object with an {@code alg}.
     */
    static String signedJwt(byte[] payload) {
        if (payload.length > Inputs.MAX_BYTES) {
            return null;
        }
        String text = Inputs.utf8OrNull(payload);
        if (text == null) {
            return null;
        }
        String t = text.strip();
        String[] parts = t.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty()) {
            return null;
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.';
            if (!ok) {
                return null;
            }
        }
        try {
            String header = Inputs.utf8OrNull(Base64Url.decode(parts[0]));
            if (header == null) {
                return null;
            }
            Map<String, Object> h = JsonText.parseObject(header);
            return h.get("alg") instanceof String ? t : null;
        } catch (JoseException | JsonText.InvalidJson notAJws) {
            return null;
        }
    }
}
