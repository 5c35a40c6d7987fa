package dev.signet.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With ACCP installed first in the provider list, as the CLI and the server do, every algorithm
 * works end to end: generate, write and re-read the JWK, sign, verify. Runs in a child JVM so the
 * global provider list of the test JVM stays untouched.
 */
class AccpInstalledTest {

    @Test
    void everyAlgorithmRoundTripsWithAccpInstalledFirst() throws IOException, InterruptedException {
        assumeTrue(
                AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError() == null, "ACCP does not load on this platform");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(
                        java.toString(), "-cp", System.getProperty("java.class.path"), Child.class.getName())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        // ACCP brings secp256k1 and ML-DSA to every runtime; the JDK brings Ed448.
        for (JwsAlgorithm alg : JwsAlgorithm.values()) {
            assertThat(out).contains("OK " + alg.identifier());
        }
    }

    /** The child JVM: installs ACCP, then round-trips every algorithm. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            Security.insertProviderAt(AmazonCorrettoCryptoProvider.INSTANCE, 1);
            List<String> failures = new ArrayList<>();
            for (JwsAlgorithm alg : JwsAlgorithm.values()) {
                try {
                    Jwk key = Jwk.parse(Jwk.generate(alg).toJson());
                    String token = JwsSigner.builder(key).build().sign(new byte[] {1, 2, 3});
                    Jwk verifying = alg.isSymmetric()
                            ? key
                            : Jwk.parse(key.toPublicJwk().toJson());
                    JwsVerifier.builder(KeySource.of(verifying))
                            .algorithms(alg)
                            .build()
                            .verify(token);
                    System.out.println("OK " + alg.identifier());
                } catch (Exception e) {
                    failures.add(alg.identifier() + ": " + e);
                }
            }
            failures.forEach(System.out::println);
            System.exit(failures.isEmpty() ? 0 : 1);
        }
    }
}
