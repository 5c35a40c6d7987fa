package dev.signet.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.Security;
import org.junit.jupiter.api.Test;

/** One provider choice for the server and the command line: auto falls back, accp refuses, jdk removes ACCP. */
class CryptoProvidersTest {

    private static final String WHY =
            "its native library did not load: java.lang.UnsatisfiedLinkError: no libamazonCorrettoCryptoProvider";

    @Test
    void autoFallsBackToTheJdkAndSaysWhy() {
        CryptoProviders.Installed installed = CryptoProviders.install(CryptoProviders.Choice.AUTO, () -> WHY);
        assertThat(installed.accpProblem()).isEqualTo(WHY);
        assertThat(installed.provider()).startsWith("JDK ").endsWith("(ACCP unavailable: " + WHY + ")");
        assertThat(installed.description()).startsWith("JDK providers").contains("ACCP not available: " + WHY);
        assertThat(CryptoProviders.active()).isEqualTo(installed);
    }

    @Test
    void requiredAccpThatCannotLoadIsRefusedWithTheReason() {
        assertThatThrownBy(() -> CryptoProviders.install(CryptoProviders.Choice.ACCP, () -> WHY))
                .isInstanceOfSatisfying(
                        CryptoProviders.Unavailable.class,
                        e -> assertThat(e.problem()).isEqualTo(WHY))
                .hasMessageContaining("not available here");
    }

    @Test
    void jdkRemovesAnInstalledAccpWithoutTryingIt() {
        CryptoProviders.install(CryptoProviders.Choice.AUTO);
        CryptoProviders.Installed installed = CryptoProviders.install(CryptoProviders.Choice.JDK, () -> {
            throw new AssertionError("jdk must not try ACCP");
        });
        assertThat(installed.description()).startsWith("JDK providers").contains("chosen with jdk");
        assertThat(installed.accpProblem()).isNull();
        assertThat(Security.getProvider("AmazonCorrettoCryptoProvider")).isNull();
    }

    @Test
    void choicesParseCaseInsensitivelyAndNameTheAllowedValues() {
        assertThat(CryptoProviders.Choice.parse(" ACCP ")).isEqualTo(CryptoProviders.Choice.ACCP);
        assertThatThrownBy(() -> CryptoProviders.Choice.parse("bouncy"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("must be auto, accp or jdk, not 'bouncy'");
    }
}
