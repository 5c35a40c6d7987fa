package dev.signet.cli;

import dev.signet.jose.JoseException;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Generates a signing key as a private JWK (or PEM), with its public half on request. */
@Command(
        name = "keygen",
        mixinStandardHelpOptions = true,
        versionProvider = SignetVersion.class,
        description = {"Generate a new signing key.",
                "The private key goes to stdout or --out (created with mode 0600); kid defaults to the key's"
                        + " RFC 7638 thumbprint."},
        footer = {"", "Examples:",
                "  signet keygen --alg ES256 --out k.jwk --public-out pub.jwk",
                "  signet keygen --alg HS256 > secret.jwk",
                "  signet keygen --alg EdDSA --pem --out ed.pem --public-out ed.pub.pem"})
final class KeygenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--alg", required = true, paramLabel = "ALG",
            description = "HS256/384/512, RS256/384/512, PS256/384/512, ES256/384/512, ES256K, EdDSA (Ed25519),"
                    + " Ed25519, Ed448, ML-DSA-44/65/87 (where the runtime or provider has them).")
    String alg;

    @Option(names = "--kid", paramLabel = "KID", description = "Key ID (default: the RFC 7638 thumbprint).")
    String kid;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the private key here (mode 0600) instead of stdout.")
    Path out;

    @Option(names = "--public-out", paramLabel = "FILE", description = "Also write the public key here.")
    Path publicOut;

    @Option(names = "--pem", description = "Write PEM (PKCS#8 private, SPKI public) instead of JWK.")
    boolean pem;

    @Option(names = "--force", description = "Replace existing files.")
    boolean force;

    @Override
    public Integer call() {
        Main main = Main.of(spec);
        main.cryptoReady();
        JwsAlgorithm algorithm = Algorithms.available(alg);
        if (algorithm.isSymmetric() && pem) {
            throw CommandFailure.usage("an HMAC secret has no PEM form; leave out --pem");
        }
        if (algorithm.isSymmetric() && publicOut != null) {
            throw CommandFailure.usage("an HMAC secret has no public half: verifiers need the secret itself;"
                    + " leave out --public-out");
        }
        if (out != null && publicOut != null && out.toAbsolutePath().equals(publicOut.toAbsolutePath())) {
            throw CommandFailure.usage("--out and --public-out name the same file");
        }
        if (out != null) {
            PrivateFiles.checkWritable(out, force);
        }
        if (publicOut != null) {
            PrivateFiles.checkWritable(publicOut, force);
        }
        Jwk key;
        try {
            key = Jwk.generate(algorithm);
        } catch (JoseException e) {
            throw CommandFailure.usage("cannot generate a " + algorithm.identifier() + " key: " + e.getMessage(), e);
        }
        if (kid != null) {
            key = key.withKeyId(kid);
        }
        String privateText = pem ? key.toPrivatePem() : JsonText.pretty(key.members(), Style.PLAIN) + "\n";
        String publicText = publicOut == null ? null
                : pem ? key.toPublicPem() : JsonText.pretty(key.toPublicJwk().members(), Style.PLAIN) + "\n";
        PrintWriter err = spec.commandLine().getErr();
        if (out == null) {
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.print(privateText);
            stdout.flush();
        } else {
            PrivateFiles.write(out, privateText, true, force);
            err.println("signet keygen: wrote the " + algorithm.identifier() + " private key to " + out
                    + (pem ? " (PEM carries no kid; its thumbprint is " + key.thumbprint() + ")"
                            : " (kid " + key.keyId() + ")"));
        }
        if (publicOut != null) {
            PrivateFiles.write(publicOut, publicText, false, force);
            err.println("signet keygen: wrote the public key to " + publicOut);
        }
        err.flush();
        return Main.EXIT_OK;
    }
}
