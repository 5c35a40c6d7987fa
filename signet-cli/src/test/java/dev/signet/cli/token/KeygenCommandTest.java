package dev.signet.cli.token;

import static dev.signet.cli.Cli.signet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.Cli;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.KeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeygenCommandTest {

    @TempDir
    Path dir;

    @Test
    void everyAvailableAlgorithmGivesAPrivateJwkWhoseKidIsItsThumbprint() throws Exception {
        for (JwsAlgorithm alg : JwsAlgorithm.values()) {
            Cli.Run run = signet("keygen", "--alg", alg.identifier());
            if (!alg.isAvailable()) {
                assertThat(run.exitCode()).as(alg.identifier()).isEqualTo(2);
                assertThat(run.errLine()).contains(alg.identifier() + " is not available");
                continue;
            }
            assertThat(run.exitCode()).as(alg.identifier() + ": " + run.err()).isZero();
            Jwk key = Jwk.parse(run.out());
            assertThat(key.isPrivate()).isTrue();
            assertThat(key.algorithm()).isEqualTo(alg.identifier());
            assertThat(key.keyType()).isEqualTo(alg.keyType());
            assertThat(key.keyId()).isEqualTo(key.thumbprint());
        }
    }

    @Test
    void outFileIsCreatedOwnerOnlyAndThePublicHalfHasNoPrivateMembers() throws Exception {
        Path out = dir.resolve("k.jwk");
        Path pub = dir.resolve("k.pub.jwk");
        Cli.Run run = signet(
                "keygen", "--alg", "ES256", "--kid", "k1", "--out", out.toString(), "--public-out", pub.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out)))
                .isEqualTo("rw-------");
        Jwk priv = Jwk.parse(Files.readString(out));
        Jwk pubKey = Jwk.parse(Files.readString(pub));
        assertThat(priv.keyId()).isEqualTo("k1");
        assertThat(pubKey.isPrivate()).isFalse();
        assertThat(pubKey.members()).doesNotContainKey("d");
        assertThat(pubKey.thumbprint()).isEqualTo(priv.thumbprint());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("k.jwk", "k.pub.jwk");
        }
    }

    @Test
    void refusesToOverwriteAnExistingKeyUnlessForced() throws Exception {
        Path out = dir.resolve("k.jwk");
        Files.writeString(out, "precious");

        Cli.Run refused = signet("keygen", "--alg", "ES256", "--out", out.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.errLine()).contains("exists").contains("--force");
        assertThat(Files.readString(out)).isEqualTo("precious");

        Cli.Run forced = signet("keygen", "--alg", "ES256", "--out", out.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(Jwk.parse(Files.readString(out)).keyType()).isEqualTo(KeyType.EC);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out)))
                .isEqualTo("rw-------");
    }

    @Test
    void nothingIsWrittenWhenThePublicFileIsTaken() throws Exception {
        Path pub = dir.resolve("taken.pub");
        Files.writeString(pub, "x");
        Cli.Run run = signet(
                "keygen", "--alg", "ES256", "--out", dir.resolve("new.jwk").toString(), "--public-out", pub.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(dir.resolve("new.jwk")).doesNotExist();
    }

    @Test
    void pemWritesPkcs8AndSpkiThatReadBackAsTheSameKey() throws Exception {
        Path out = dir.resolve("k.pem");
        Path pub = dir.resolve("k.pub.pem");
        Cli.Run run =
                signet("keygen", "--alg", "EdDSA", "--pem", "--out", out.toString(), "--public-out", pub.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readString(out)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(pub)).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(Jwk.fromPem(Files.readString(out)).thumbprint())
                .isEqualTo(Jwk.fromPem(Files.readString(pub)).thumbprint());
    }

    @Test
    void aSecretHasNoPemAndNoPublicHalf() {
        assertThat(signet("keygen", "--alg", "HS256", "--pem").errLine()).contains("no PEM form");
        Cli.Run run = signet(
                "keygen", "--alg", "HS256", "--public-out", dir.resolve("p").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLine()).contains("no public half");
    }

    @Test
    void unknownAlgorithmIsAUsageErrorListingTheValidOnes() {
        Cli.Run run = signet("keygen", "--alg", "ES999");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLine())
                .contains("unknown algorithm 'ES999'")
                .contains("ES256")
                .contains("EdDSA");
        assertThat(signet("keygen", "--alg", "none").errLine()).contains("never produces or accepts it");
    }

    @Test
    void algorithmNamesAreCaseInsensitive() throws Exception {
        Cli.Run run = signet("keygen", "--alg", "es384");
        assertThat(run.exitCode()).isZero();
        assertThat(Jwk.parse(run.out()).algorithm()).isEqualTo("ES384");
    }

    @Test
    void missingDirectoryIsAClearError() {
        Cli.Run run = signet(
                "keygen",
                "--alg",
                "ES256",
                "--out",
                dir.resolve("no/such/k.jwk").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLine()).contains("no such directory");
    }
}
