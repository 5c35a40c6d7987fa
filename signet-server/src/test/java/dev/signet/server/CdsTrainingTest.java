package dev.signet.server;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/** The launcher's server training run starts a server, gets tokens from it (it fails on any non-200) and stops. */
class CdsTrainingTest {

    @Test
    void theTrainingRunServesTokensAndStops() {
        assertThatCode(() -> CdsTraining.main(new String[0])).doesNotThrowAnyException();
    }
}
