package dev.signet.cli;

import static dev.signet.cli.Cli.signet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Security;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** thumbprint, completion, version and the global options. */
class SmallCommandsTest {

    @TempDir
    Path dir;

    @Test
    void thumbprintOfAJwkAndOfTheSameKeyAsPem() throws Exception {
        Jwk key = Jwk.generate(JwsAlgorithm.ES256);
        Path jwk = dir.resolve("k.jwk");
        Path pem = dir.resolve("k.pem");
        Files.writeString(jwk, key.toJson());
        Files.writeString(pem, key.toPublicPem());

        assertThat(signet("thumbprint", jwk.toString()).out().strip()).isEqualTo(key.thumbprint());
        assertThat(signet("thumbprint", pem.toString()).out().strip()).isEqualTo(key.thumbprint());
        assertThat(signet("thumbprint", "--uri", jwk.toString()).out().strip())
                .isEqualTo("urn:ietf:params:oauth:jwk-thumbprint:sha-256:" + key.thumbprint());
        assertThat(signet("thumbprint", "--uri", "--hash", "SHA-384", jwk.toString())
                        .out()
                        .strip())
                .isEqualTo("urn:ietf:params:oauth:jwk-thumbprint:sha-384:" + key.thumbprint("SHA-384"));
        assertThat(new Cli().stdin(key.toJson()).run("thumbprint", "-").out().strip())
                .isEqualTo(key.thumbprint());
    }

    @Test
    void thumbprintMatchesRfc7638Example() throws Exception {
        // RFC 7638 §3.1: the example RSA key and its SHA-256 thumbprint.
        String rfcKey =
                "{\"kty\":\"RSA\",\"n\":\"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFx"
                        + "uhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4Qy"
                        + "Q5v-65YGjQR0_FDW2Q"
                        + "vzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQ"
                        + "Fh6WeZu0fM4lFd2NcR"
                        + "wr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw\",\"e\":\"AQAB\",\"alg\":\"RS"
                        + "256\","
                        + "\"kid\":\"2011-04-29\"}";
        Path f = dir.resolve("rfc.jwk");
        Files.writeString(f, rfcKey);
        assertThat(signet("thumbprint", f.toString()).out().strip())
                .isEqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    }

    @Test
    void thumbprintRefusesASetAndAnUnknownHash() throws Exception {
        Path set = dir.resolve("set.json");
        Files.writeString(set, "{\"keys\":[]}");
        assertThat(signet("thumbprint", set.toString()).errLine()).contains("signet jwks");
        Path jwk = dir.resolve("k.jwk");
        Files.writeString(jwk, Jwk.generate(JwsAlgorithm.ES256).toJson());
        assertThat(signet("thumbprint", "--hash", "MD5", jwk.toString()).errLine())
                .contains("SHA-256");
    }

    @Test
    void completionPrintsABashScriptThatKnowsEveryCommand() {
        Cli.Run run = signet("completion", "bash");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .startsWith("#!/usr/bin/env bash")
                .contains("complete -F")
                .contains("keygen")
                .contains("verify")
                .contains("inspect")
                .contains("--insecure-any-audience");
        assertThat(signet("completion", "fish").exitCode()).isEqualTo(2);
    }

    @Test
    void versionNamesTheCryptoProviderInUse() throws Exception {
        Cli.Run jdk = signet("version", "--crypto-provider", "jdk");
        assertThat(jdk.out()).contains("Crypto  JDK providers");
        assertThat(Security.getProvider("AmazonCorrettoCryptoProvider")).isNull();
        assertThat(MessageDigest.getInstance("SHA-256").getProvider().getName())
                .isNotEqualTo("AmazonCorrettoCryptoProvider");

        Cli.Run auto = signet("version");
        boolean accp =
                com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError() == null;
        if (accp) {
            assertThat(auto.out()).contains("Crypto  AmazonCorrettoCryptoProvider 2.5.0");
            assertThat(Security.getProviders()[0].getName()).isEqualTo("AmazonCorrettoCryptoProvider");
            assertThat(signet("--crypto-provider", "accp", "version").exitCode())
                    .isZero();
        } else {
            assertThat(auto.out()).contains("Crypto  JDK providers").contains("ACCP not available");
            Cli.Run forced = signet("version", "--crypto-provider", "accp");
            assertThat(forced.exitCode()).isEqualTo(2);
            assertThat(forced.errLine()).contains("not available here");
        }
    }

    @Test
    void providerFromTheEnvironmentAndBadValues() {
        assertThat(new Cli().env("SIGNET_CRYPTO_PROVIDER", "jdk").run("version").out())
                .contains("Crypto  JDK providers");
        Cli.Run badEnv = new Cli().env("SIGNET_CRYPTO_PROVIDER", "openssl").run("version");
        assertThat(badEnv.exitCode()).isEqualTo(2);
        assertThat(badEnv.errLine()).contains("SIGNET_CRYPTO_PROVIDER must be auto, accp or jdk");
        Cli.Run badOption = signet("--crypto-provider", "openssl", "version");
        assertThat(badOption.exitCode()).isEqualTo(2);
        assertThat(badOption.err()).contains("--crypto-provider must be auto, accp or jdk");
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd :
                new String[] {"keygen", "sign", "verify", "inspect", "jwks", "thumbprint", "version", "completion"}) {
            Cli.Run run = signet(cmd, "--help");
            assertThat(run.exitCode()).as(cmd).isZero();
            assertThat(run.out()).as(cmd).contains("Usage: signet " + cmd);
        }
        assertThat(signet("--help").out())
                .contains("Exit codes:")
                .contains("keygen")
                .contains("inspect");
    }
}
