package dev.signet.cli.token;

import dev.signet.cli.io.CommandContext;
import dev.signet.cli.io.CommandFailure;
import dev.signet.cli.io.ExitCode;
import dev.signet.cli.io.JsonText;
import dev.signet.cli.io.PrivateFiles;
import dev.signet.cli.io.SignetVersion;
import dev.signet.cli.io.Style;
import dev.signet.jose.ContentEncryption;
import dev.signet.jose.Curve;
import dev.signet.jose.JoseException;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.KeyType;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Generates a signing or encryption key as a private JWK (or PEM), with its public half on request. */
@Command(
        name = "keygen",
        mixinStandardHelpOptions = true,
        versionProvider = SignetVersion.class,
        description = {
            "Generate a new signing key (use: sig) or encryption key (use: enc).",
            "The private key goes to stdout or --out (created with mode 0600); kid defaults to the key's"
                    + " RFC 7638 thumbprint."
        },
        footer = {
            "",
            "Encryption keys: RSA-OAEP* (RSA 2048), ECDH-ES* (--curve P-256, P-384, P-521, X25519, X448;"
                    + " default P-256), A*KW and A*GCMKW (a secret of the named size), dir (a secret as long as --enc"
                    + " needs; default A256GCM). PBES2 takes a password of your choosing, not a generated key.",
            "",
            "Examples:",
            "  signet keygen --alg ES256 --out k.jwk --public-out pub.jwk",
            "  signet keygen --alg ECDH-ES+A256KW --curve X25519 --out rcpt.jwk --public-out rcpt.pub.jwk",
            "  signet keygen --alg dir --enc A256GCM > content.jwk",
            "  signet keygen --alg HS256 > secret.jwk",
            "  signet keygen --alg EdDSA --pem --out ed.pem --public-out ed.pub.pem"
        })
public final class KeygenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--alg",
            required = true,
            paramLabel = "ALG",
            description = "Signing: HS256/384/512, RS256/384/512, PS256/384/512, ES256/384/512, ES256K, EdDSA"
                    + " (Ed25519), Ed25519, Ed448, ML-DSA-44/65/87 (where the runtime or provider has them)."
                    + " Encryption: RSA-OAEP-256 (RSA-OAEP, -384, -512), ECDH-ES, ECDH-ES+A128KW/A192KW/A256KW,"
                    + " A128KW/A192KW/A256KW, A128GCMKW/A192GCMKW/A256GCMKW, dir.")
    String alg;

    @Option(
            names = "--curve",
            paramLabel = "CRV",
            description = "Curve of an ECDH-ES key: P-256 (default), P-384, P-521, X25519, X448.")
    String curve;

    @Option(
            names = "--enc",
            paramLabel = "ENC",
            description = "For dir: the content encryption the key is for, which sets its length and alg"
                    + " (default A256GCM).")
    String enc;

    @Option(names = "--kid", paramLabel = "KID", description = "Key ID (default: the RFC 7638 thumbprint).")
    String kid;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Write the private key here (mode 0600) instead of stdout.")
    Path out;

    @Option(names = "--public-out", paramLabel = "FILE", description = "Also write the public key here.")
    Path publicOut;

    @Option(names = "--pem", description = "Write PEM (PKCS#8 private, SPKI public) instead of JWK.")
    boolean pem;

    @Option(names = "--force", description = "Replace existing files.")
    boolean force;

    @Override
    public Integer call() {
        CommandContext context = CommandContext.of(spec);
        context.cryptoReady(spec.commandLine().getErr());
        JweAlgorithm encryptionAlg = Algorithms.keyManagementOrNull(alg);
        if (encryptionAlg != null) {
            return write(encryptionKey(encryptionAlg), encryptionAlg.identifier(), encryptionAlg.isSymmetric());
        }
        if (curve != null || enc != null) {
            throw CommandFailure.usage((curve != null ? "--curve" : "--enc") + " is for encryption keys; " + alg
                    + " names its own key type");
        }
        JwsAlgorithm algorithm = Algorithms.available(alg);
        Jwk key;
        try {
            key = Jwk.generate(algorithm);
        } catch (JoseException e) {
            throw CommandFailure.usage("cannot generate a " + algorithm.identifier() + " key: " + e.getMessage(), e);
        }
        return write(key, algorithm.identifier(), algorithm.isSymmetric());
    }

    /**
     * A new private key for the JWE algorithm {@code a}, with {@code alg} (for {@code dir} the
     * {@code enc} it serves), {@code use: enc}, and the thumbprint as {@code kid}.
     */
    private Jwk encryptionKey(JweAlgorithm a) {
        if (a.identifier().startsWith("PBES2")) {
            throw CommandFailure.usage("PBES2 encrypts with a password you choose, not a generated key: put it in an"
                    + " environment variable and pass --key-env NAME to encrypt and decrypt");
        }
        if (a == JweAlgorithm.RSA1_5) {
            throw CommandFailure.usage("RSA1_5 is insecure (a padding oracle); generate an RSA-OAEP-256 key instead");
        }
        if (enc != null && a != JweAlgorithm.DIR) {
            throw CommandFailure.usage("--enc is for dir keys only: a " + a.identifier() + " key serves every enc,"
                    + " which you choose when encrypting (signet encrypt --enc)");
        }
        if (curve != null && a.keyType() != KeyType.EC && a.keyType() != KeyType.OKP) {
            throw CommandFailure.usage("--curve is for ECDH-ES keys; " + a.identifier() + " takes "
                    + (a.isSymmetric() ? "a secret" : "an RSA key"));
        }
        String alg = a.identifier();
        Jwk key;
        try {
            if (a == JweAlgorithm.DIR || a.isSymmetric()) {
                int bytes;
                if (a == JweAlgorithm.DIR) {
                    ContentEncryption e = enc == null ? ContentEncryption.A256GCM : Algorithms.contentEncryption(enc);
                    bytes = e.keyLength();
                    alg = e.identifier(); // a dir key's alg names the enc it serves (the CEK's length)
                } else {
                    bytes = Integer.parseInt(alg.substring(1, 4)) / 8; // A128KW, A256GCMKW, ...
                }
                byte[] k = new byte[bytes];
                new SecureRandom().nextBytes(k);
                try {
                    key = Jwk.fromSecret(k);
                } finally {
                    Arrays.fill(k, (byte) 0);
                }
            } else if (a.keyType() == KeyType.RSA) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4));
                key = Jwk.fromKeyPair(g.generateKeyPair());
            } else {
                Curve c = curve == null ? Curve.P_256 : Curve.fromIdentifier(curve);
                if (c == null) {
                    for (Curve each : Curve.values()) {
                        c = each.identifier().equalsIgnoreCase(curve) ? each : c;
                    }
                }
                if (c == null || !a.acceptsKey(c.keyType(), c)) {
                    throw CommandFailure.usage("--curve " + curve + " does not serve ECDH-ES; choose P-256, P-384,"
                            + " P-521, X25519 or X448");
                }
                key = Jwk.generate(c);
            }
            key = key.withAlgorithm(alg).withUse("enc");
        } catch (JoseException | GeneralSecurityException e) {
            throw CommandFailure.usage("cannot generate a " + a.identifier() + " key: " + e.getMessage(), e);
        }
        return key.withKeyId(key.thumbprint());
    }

    private int write(Jwk generated, String algName, boolean symmetric) {
        Jwk key = generated;
        if (symmetric && pem) {
            throw CommandFailure.usage("a secret (" + algName + ") has no PEM form; leave out --pem");
        }
        if (symmetric && publicOut != null) {
            throw CommandFailure.usage("a secret (" + algName + ") has no public half: the other side needs the"
                    + " secret itself; leave out --public-out");
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
        if (kid != null) {
            key = key.withKeyId(kid);
        }
        String privateText = pem ? key.toPrivatePem() : JsonText.pretty(key.members(), Style.PLAIN) + "\n";
        String publicText = publicOut == null
                ? null
                : pem ? key.toPublicPem() : JsonText.pretty(key.toPublicJwk().members(), Style.PLAIN) + "\n";
        PrintWriter err = spec.commandLine().getErr();
        if (out == null) {
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.print(privateText);
            stdout.flush();
        } else {
            PrivateFiles.write(out, privateText, true, force);
            err.println("signet keygen: wrote the " + algName + " private key to " + out
                    + (pem
                            ? " (PEM carries no kid; its thumbprint is " + key.thumbprint() + ")"
                            : " (kid " + key.keyId() + ")"));
        }
        if (publicOut != null) {
            PrivateFiles.write(publicOut, publicText, false, force);
            err.println("signet keygen: wrote the public key to " + publicOut);
        }
        err.flush();
        return ExitCode.OK;
    }
}
