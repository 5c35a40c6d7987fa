package dev.signet.cli.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.keys.CryptoProviders;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.Security;
import org.junit.jupiter.api.Test;

/** Where ACCP cannot load, auto falls back quietly (one line under --debug) and accp refuses. */
class CryptoProviderOptionTest {

    private static final String WHY =
            "its native library did not load: java.lang.UnsatisfiedLinkError: no libamazonCorrettoCryptoProvider";

    @Test
    void autoFallsBackToTheJdkWithOneDebugLine() {
        StringWriter err = new StringWriter();
        String active =
                CryptoProviderOption.install(CryptoProviders.Choice.AUTO, new PrintWriter(err, true), true, () -> WHY);
        assertThat(active).startsWith("JDK providers").contains("ACCP not available: " + WHY);
        assertThat(err.toString())
                .isEqualTo("signet: Amazon Corretto Crypto Provider not used (" + WHY + "); using the JDK's providers"
                        + System.lineSeparator());
    }

    @Test
    void autoFallsBackSilentlyWithoutDebug() {
        StringWriter err = new StringWriter();
        CryptoProviderOption.install(CryptoProviders.Choice.AUTO, new PrintWriter(err, true), false, () -> WHY);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void accpWhenUnavailableIsAUsageErrorNamingTheWayOut() {
        assertThatThrownBy(() -> CryptoProviderOption.install(
                        CryptoProviders.Choice.ACCP, new PrintWriter(new StringWriter()), false, () -> WHY))
                .isInstanceOfSatisfying(
                        CommandFailure.class, f -> assertThat(f.exitCode()).isEqualTo(2))
                .hasMessageContaining("not available here")
                .hasMessageContaining(WHY)
                .hasMessageContaining("--crypto-provider jdk");
    }

    @Test
    void jdkRemovesAnInstalledAccp() {
        CryptoProviderOption.install(CryptoProviders.Choice.AUTO, new PrintWriter(new StringWriter()), false);
        String active =
                CryptoProviderOption.install(CryptoProviders.Choice.JDK, new PrintWriter(new StringWriter()), false);
        assertThat(active).startsWith("JDK providers");
        assertThat(Security.getProvider("AmazonCorrettoCryptoProvider")).isNull();
    }

    @Test
    void optionBeatsEnvironmentWhichBeatsAuto() {
        assertThat(CryptoProviderOption.choose(CryptoProviders.Choice.JDK, "accp"))
                .isEqualTo(CryptoProviders.Choice.JDK);
        assertThat(CryptoProviderOption.choose(null, "ACCP")).isEqualTo(CryptoProviders.Choice.ACCP);
        assertThat(CryptoProviderOption.choose(null, null)).isEqualTo(CryptoProviders.Choice.AUTO);
        assertThat(CryptoProviderOption.choose(null, " ")).isEqualTo(CryptoProviders.Choice.AUTO);
    }
}
