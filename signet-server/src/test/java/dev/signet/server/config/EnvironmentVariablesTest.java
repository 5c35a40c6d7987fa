package dev.signet.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code SIGNET_…} variables: a typo is named at start, and a bad value names the variable it came from. */
class EnvironmentVariablesTest {

    @Test
    void aMisspelledVariableIsNamedWithTheClosestKnownName() {
        List<String> warnings = new ArrayList<>();
        ServerConfig config = ConfigLoader.load(
                null,
                Map.of(),
                Map.of("SIGNET_SERVER_PROT", "9000", "SIGNET_KEYS_ALGORITHM", "ES256", "SIGNET_ZZZZZZZZZZZZZZ", "x"),
                warnings::add);
        assertThat(config.port()).isEqualTo(8080);
        assertThat(warnings)
                .containsExactly(
                        "environment variable SIGNET_SERVER_PROT is not a Signet setting and is ignored;"
                                + " did you mean SIGNET_SERVER_PORT?",
                        "environment variable SIGNET_ZZZZZZZZZZZZZZ is not a Signet setting and is ignored");
    }

    @Test
    void variablesTheConfigurationNamesAndTheLaunchersOwnAreNotWarnedAbout() {
        List<String> warnings = new ArrayList<>();
        ConfigLoader.load(
                null,
                Map.of(),
                Map.of(
                        "SIGNET_KEYS_KEK_ENV", "SIGNET_MY_KEK",
                        "SIGNET_MY_KEK", "x",
                        "SIGNET_JAVA_OPTS", "-Xmx1g",
                        "SIGNET_DEBUG", "1"),
                warnings::add);
        assertThat(warnings).isEmpty();
    }

    @Test
    void anInvalidValueFromTheEnvironmentNamesTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("SIGNET_SERVER_PORT", "99999"), w -> {}))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("server.port: '99999' is not allowed")
                .hasMessageEndingWith("(the value of environment variable SIGNET_SERVER_PORT)")
                .extracting(e -> ((ConfigException) e).setting())
                .isEqualTo("server.port");
        // The same value as an option is the option's, not the variable's.
        assertThatThrownBy(() -> ConfigLoader.load(
                        null, Map.of(Setting.SERVER_PORT, "70000"), Map.of("SIGNET_SERVER_PORT", "99999"), w -> {}))
                .hasMessageStartingWith("server.port: '70000' is not allowed")
                .hasMessageNotContaining("environment variable");
    }

    @Test
    void transpositionsCountAsOneEdit() {
        assertThat(UnknownVariables.distance("SIGNET_SERVER_PROT", "SIGNET_SERVER_PORT"))
                .isEqualTo(1);
        assertThat(UnknownVariables.distance("abc", "abc")).isZero();
        assertThat(UnknownVariables.distance("abc", "xyz")).isEqualTo(3);
    }
}
