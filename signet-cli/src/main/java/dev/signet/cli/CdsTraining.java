package dev.signet.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * The training run for the class-data-sharing archive that {@code ./signet} builds next to the
 * jar: runs the everyday commands once, in-process, so the JVM can archive the classes they load
 * ({@code -XX:ArchiveClassesAtExit}). Not a subcommand: the launcher runs this class by name.
 */
public final class CdsTraining {

    private CdsTraining() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("signet-cds");
        try {
            Path key = dir.resolve("k.jwk");
            Path pub = dir.resolve("k.pub.jwk");
            run("", "keygen", "--alg", "ES256", "--out", key.toString(), "--public-out", pub.toString());
            String token = run(
                            "",
                            "sign",
                            "--key",
                            key.toString(),
                            "--iss",
                            "https://issuer.example",
                            "--aud",
                            "api",
                            "--sub",
                            "cds",
                            "--claim",
                            "scope=read")
                    .strip();
            run(token, "verify", "--key", pub.toString(), "--iss", "https://issuer.example", "--aud", "api", "-");
            run("", "verify", "--key", pub.toString(), "--iss", "https://other.example", "--aud", "api", token);
            Path rcpt = dir.resolve("r.jwk");
            Path rcptPub = dir.resolve("r.pub.jwk");
            run("", "keygen", "--alg", "ECDH-ES+A256KW", "--out", rcpt.toString(), "--public-out", rcptPub.toString());
            String jwe = run(token, "encrypt", "--key", rcptPub.toString(), "-").strip();
            run(jwe, "decrypt", "--key", rcpt.toString(), "-");
            run(
                    "",
                    "verify",
                    "--decrypt-key",
                    rcpt.toString(),
                    "--key",
                    pub.toString(),
                    "--iss",
                    "https://issuer.example",
                    "--aud",
                    "api",
                    jwe);
            run("", "inspect", jwe);
            run("", "inspect", token);
            run("", "inspect", "--json", token);
            run("", "thumbprint", pub.toString());
            run("", "verify", "--help");
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static String run(String stdin, String... args) {
        CommandLine cmd = Main.newCommandLine(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                System::getenv,
                null,
                new ByteArrayOutputStream());
        StringWriter out = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(new StringWriter()));
        cmd.execute(args);
        return out.toString();
    }
}
