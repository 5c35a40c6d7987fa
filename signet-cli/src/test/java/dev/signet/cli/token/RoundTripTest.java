package dev.signet.cli.token;

import static dev.signet.cli.Cli.signet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.Cli;
import dev.signet.jose.JwsAlgorithm;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keygen, sign and verify agree for every algorithm the installed providers offer. */
class RoundTripTest {

    @TempDir
    Path dir;

    @Test
    void everyAvailableAlgorithmSignsAndVerifiesThroughTheCommands() {
        int tried = 0;
        for (JwsAlgorithm alg : JwsAlgorithm.values()) {
            // keygen installs the provider first, so availability is judged as the commands judge it.
            Path key = dir.resolve(alg.identifier() + ".jwk");
            Path pub = dir.resolve(alg.identifier() + ".pub.jwk");
            Cli.Run gen = alg.isSymmetric()
                    ? signet("keygen", "--alg", alg.identifier(), "--out", key.toString())
                    : signet(
                            "keygen",
                            "--alg",
                            alg.identifier(),
                            "--out",
                            key.toString(),
                            "--public-out",
                            pub.toString());
            if (!alg.isAvailable()) {
                assertThat(gen.exitCode()).as(alg.identifier()).isEqualTo(2);
                continue;
            }
            tried++;
            assertThat(gen.exitCode()).as(alg.identifier() + ": " + gen.err()).isZero();
            Cli.Run token = signet("sign", "--key", key.toString(), "--iss", "i", "--aud", "a");
            assertThat(token.exitCode())
                    .as(alg.identifier() + ": " + token.err())
                    .isZero();
            Path verifyKey = alg.isSymmetric() ? key : pub;
            Cli.Run ok = new Cli()
                    .stdin(token.out())
                    .run(
                            "verify",
                            "--key",
                            verifyKey.toString(),
                            "--iss",
                            "i",
                            "--aud",
                            "a",
                            "--alg",
                            alg.identifier(),
                            "--json");
            assertThat(ok.exitCode()).as(alg.identifier() + ": " + ok.err()).isZero();
            assertThat(ok.out()).contains("\"alg\": \"" + alg.identifier() + "\"");
        }
        // HS*, RS*, PS*, ES256/384/512, EdDSA, Ed25519, Ed448 are in every JDK 17+.
        assertThat(tried).isGreaterThanOrEqualTo(15);
    }
}
