package dev.signet.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Start-up tells Jetty the cache-line size so it need not start the platform MBean server to ask. */
class JettyCacheLineProbeTest {

    private static final String KEY = "org.eclipse.jetty.util.referencesPerCacheLine";
    private String saved;

    @BeforeEach
    void save() {
        saved = System.getProperty(KEY);
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(KEY);
        } else {
            System.setProperty(KEY, saved);
        }
    }

    @Test
    void setsSixteenReferencesWhenTheOperatorHasNot() {
        System.clearProperty(KEY);
        Server.skipJettyCacheLineProbe();
        assertThat(System.getProperty(KEY)).isEqualTo("16");
    }

    @Test
    void keepsTheOperatorsValue() {
        System.setProperty(KEY, "32");
        Server.skipJettyCacheLineProbe();
        assertThat(System.getProperty(KEY)).isEqualTo("32");
    }
}
