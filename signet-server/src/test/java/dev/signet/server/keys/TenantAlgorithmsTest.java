package dev.signet.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.JwsAlgorithm;
import org.junit.jupiter.api.Test;

/** The tenant algorithms, listed once: by name, as operators read them, and those usable here. */
class TenantAlgorithmsTest {

    @Test
    void listsTheTenantAlgorithmsAsOperatorsReadThem() {
        assertThat(TenantAlgorithms.NAMES).isEqualTo("RS256, PS256, ES256, EdDSA, ML-DSA-65");
        assertThat(TenantAlgorithms.byName("EdDSA")).hasValue(JwsAlgorithm.EDDSA);
        assertThat(TenantAlgorithms.byName("HS256"))
                .as("no shared-secret signing for tenants")
                .isEmpty();
        assertThat(TenantAlgorithms.byName("es256")).as("exact spelling").isEmpty();
        assertThat(TenantAlgorithms.available())
                .contains(JwsAlgorithm.RS256, JwsAlgorithm.ES256)
                .allMatch(JwsAlgorithm::isAvailable);
    }
}
