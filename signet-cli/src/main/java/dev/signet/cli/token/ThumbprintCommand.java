package dev.signet.cli.token;

import dev.signet.cli.io.CommandContext;
import dev.signet.cli.io.CommandFailure;
import dev.signet.cli.io.ExitCode;
import dev.signet.cli.io.SignetVersion;
import dev.signet.cli.keys.KeyLoader;
import dev.signet.cli.keys.KeyMaterial;
import dev.signet.jose.Jwk;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints a key's RFC 7638 thumbprint, or its RFC 9278 thumbprint URI. */
@Command(
        name = "thumbprint",
        mixinStandardHelpOptions = true,
        versionProvider = SignetVersion.class,
        description = "Print the RFC 7638 JWK thumbprint of a key (JWK or PEM), or with --uri its RFC 9278 URI.",
        footer = {
            "",
            "Examples:",
            "  signet thumbprint es256.pub.jwk",
            "  signet thumbprint --uri --hash SHA-384 key.pem"
        })
public final class ThumbprintCommand implements Callable<Integer> {

    /** RFC 9278 §3: hash names from the IANA Named Information Hash Algorithm registry. */
    private static final Map<String, String> HASHES =
            Map.of("SHA-256", "sha-256", "SHA-384", "sha-384", "SHA-512", "sha-512");

    @Spec
    CommandSpec spec;

    @Option(names = "--uri", description = "Print urn:ietf:params:oauth:jwk-thumbprint:<hash>:<thumbprint> (RFC 9278).")
    boolean uri;

    @Option(
            names = "--hash",
            paramLabel = "SHA-256|SHA-384|SHA-512",
            defaultValue = "SHA-256",
            description = "Hash function (default ${DEFAULT-VALUE}).")
    String hash;

    @Parameters(paramLabel = "FILE|-", description = "The key: a JWK or a PEM key or certificate.")
    String source;

    @Override
    public Integer call() {
        CommandContext context = CommandContext.of(spec);
        String name = hash.toUpperCase(Locale.ROOT)
                .replace("SHA256", "SHA-256")
                .replace("SHA384", "SHA-384")
                .replace("SHA512", "SHA-512");
        if (!HASHES.containsKey(name)) {
            throw CommandFailure.usage("--hash must be SHA-256, SHA-384 or SHA-512, not '" + hash + "'");
        }
        String where = source.equals("-") ? "standard input" : source;
        KeyMaterial keys = KeyLoader.parse(context.inputs().document(source, "key"), where);
        if (keys.isSet()) {
            throw CommandFailure.usage(
                    where + " is a JWK Set; 'signet jwks " + source + "' lists each key with its thumbprint");
        }
        Jwk key = keys.single();
        String thumbprint = key.thumbprint(name);
        PrintWriter out = spec.commandLine().getOut();
        out.println(uri ? "urn:ietf:params:oauth:jwk-thumbprint:" + HASHES.get(name) + ":" + thumbprint : thumbprint);
        out.flush();
        return ExitCode.OK;
    }
}
