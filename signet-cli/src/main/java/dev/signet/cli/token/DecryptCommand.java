package dev.signet.cli.token;

import dev.signet.cli.io.CommandContext;
import dev.signet.cli.io.CommandFailure;
import dev.signet.cli.io.ExitCode;
import dev.signet.cli.io.Inputs;
import dev.signet.cli.io.JsonText;
import dev.signet.cli.io.SignetVersion;
import dev.signet.cli.io.Style;
import dev.signet.cli.keys.KeyLoader;
import dev.signet.cli.keys.KeyOptions;
import dev.signet.jose.Base64Url;
import dev.signet.jose.JoseException;
import dev.signet.jose.Jwe;
import dev.signet.jose.JweDecrypter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Decrypts a compact JWE and prints its plaintext, or the one reason it was rejected. */
@Command(
        name = "decrypt",
        mixinStandardHelpOptions = true,
        versionProvider = SignetVersion.class,
        sortOptions = false,
        description = {
            "Decrypt a compact JWE and print the plaintext (its raw bytes) on stdout.",
            "Rejected: exit 1 and one line on stderr that starts with the reason code (DECRYPTION_FAILED,"
                    + " ALG_NOT_ALLOWED, KEY_NOT_FOUND, MALFORMED, ...)."
        },
        footer = {
            "",
            "The accepted alg values default to the key's alg (for a key without one: the algorithms its type"
                    + " and size fit, never PBES2 or RSA1_5, which take --alg); every enc is accepted unless --enc"
                    + " narrows"
                    + " it.",
            "Decryption proves nothing about who made the token: anyone with the public key can encrypt. For a"
                    + " nested JWT (the plaintext is a signed JWT, nested: true in --json), use 'signet verify"
                    + " --decrypt-key' to decrypt and verify it in one step.",
            "",
            "Examples:",
            "  signet decrypt --key rcpt.jwk @token.jwe",
            "  signet sign --key k.jwk --iss me --aud api | signet encrypt --key rcpt.pub.jwk |",
            "    signet decrypt --key rcpt.jwk | signet verify --key k.pub.jwk --iss me --aud api",
            "  signet decrypt --key-env PASSWORD --alg PBES2-HS256+A128KW --json @notes.jwe"
        })
public final class DecryptCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    KeyOptions key;

    @Option(
            names = "--alg",
            paramLabel = "ALG",
            description = "Accepted key management algorithm; repeatable" + " (default: the key's alg).")
    List<String> algorithms = new ArrayList<>();

    @Option(
            names = "--enc",
            paramLabel = "ENC",
            description = "Accepted content encryption; repeatable (default: all).")
    List<String> encryptions = new ArrayList<>();

    @Option(
            names = "--insecure-allow-rsa1_5",
            description = "Accept --alg RSA1_5 (RSAES-PKCS1-v1_5, a padding oracle) from a sender that cannot do"
                    + " RSA-OAEP.")
    boolean rsa15;

    @Option(
            names = "--json",
            description = "Print {header, plaintext, encoding, nested, kid}: the plaintext as text"
                    + " when it is UTF-8 (encoding utf-8), else Base64URL (encoding base64url).")
    boolean json;

    @Parameters(arity = "0..1", paramLabel = "TOKEN|@FILE|-", description = "The JWE (default: read stdin).")
    String token;

    @Override
    public Integer call() {
        CommandContext context = CommandContext.of(spec);
        Decryption decryption = new Decryption(algorithms, encryptions, rsa15, "--alg");
        for (String e : encryptions) {
            Algorithms.contentEncryption(e);
        }
        context.cryptoReady(spec.commandLine().getErr());
        KeyLoader loader = new KeyLoader(context);
        JweDecrypter decrypter =
                decryption.decrypter(decryption.takesPassword() ? loader.loadKeyOrPassword(key) : loader.load(key));
        String compact = context.inputs().token(token);
        int dots = (int) compact.chars().filter(c -> c == '.').count();
        if (dots == 2) {
            throw reject(new JoseException(
                    JoseException.Reason.MALFORMED,
                    "this is a signed JWT (JWS, 3 parts), not"
                            + " an encrypted one: there is nothing to decrypt; use 'signet verify' or"
                            + " 'signet inspect'"));
        }
        Jwe jwe;
        try {
            jwe = decrypter.decrypt(compact);
        } catch (JoseException e) {
            throw reject(e);
        }
        byte[] plaintext = jwe.plaintext();
        String text = Inputs.utf8OrNull(plaintext);
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("header", jwe.header().members());
            doc.put("plaintext", text != null ? text : Base64Url.encode(plaintext));
            doc.put("encoding", text != null ? "utf-8" : "base64url");
            doc.put("nested", isNested(jwe, text));
            if (jwe.decryptionKey() != null && jwe.decryptionKey().keyId() != null) {
                doc.put("kid", jwe.decryptionKey().keyId());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(JsonText.pretty(doc, Style.PLAIN));
            out.flush();
            return ExitCode.OK;
        }
        if (context.binaryStdoutIsTerminal()) {
            // On a terminal the plaintext is untrusted text: escape what could drive the terminal.
            if (text == null) {
                throw CommandFailure.usage("the plaintext is " + plaintext.length + " bytes of binary data; redirect"
                        + " stdout to a file, or use --json (Base64URL)");
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(terminalSafe(text));
            if (!text.endsWith("\n")) {
                out.println();
            }
            out.flush();
            return ExitCode.OK;
        }
        try {
            OutputStream out = context.binaryStdout();
            out.write(plaintext);
            out.flush();
        } catch (IOException e) {
            throw CommandFailure.usage("cannot write the plaintext: " + e.getMessage(), e);
        }
        return ExitCode.OK;
    }

    private CommandFailure reject(JoseException e) {
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("decrypted", false);
            doc.put("reason", e.reason().name());
            doc.put("message", e.detail());
            PrintWriter out = spec.commandLine().getOut();
            out.println(JsonText.pretty(doc, Style.PLAIN));
            out.flush();
        }
        return CommandFailure.rejected(e.reason().name(), e.detail());
    }

    /** Whether the JWE says it holds a JWT ({@code cty: JWT}) and the plaintext is a compact JWS. */
    static boolean isNested(Jwe jwe, String text) {
        String cty = jwe.header().contentType();
        if (cty == null || text == null) {
            return false;
        }
        String c = cty.toLowerCase(Locale.ROOT);
        return (c.equals("jwt") || c.equals("application/jwt"))
                && EncryptCommand.signedJwt(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) != null;
    }

    /** The text with every character a terminal could act on escaped, except line breaks and tabs. */
    static String terminalSafe(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\n' && c != '\t' && JsonText.isTerminalUnsafe(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
