package dev.signet.server.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A broken client rule names the field as the caller spelt it, and says what it accepts. */
class ClientRulesTest {

    @Test
    void aViolationNamesTheFieldAndWhatItAccepts() {
        assertThatThrownBy(() -> ClientRules.audiences("tenants[0].clients[1].audiences", List.of()))
                .isInstanceOfSatisfying(ClientRuleViolation.class, e -> {
                    assertThat(e.field()).isEqualTo("tenants[0].clients[1].audiences");
                    assertThat(e.reason()).isEqualTo("expected at least one audience (the APIs its tokens are for)");
                    assertThat(e.getMessage()).isEqualTo("tenants[0].clients[1].audiences: " + e.reason());
                });
    }

    @Test
    void rejectsAGrantTheServerDoesNotAnswer() {
        assertThat(ClientRules.grants("grants", List.of("client_credentials"))).containsExactly("client_credentials");
        assertThatThrownBy(() -> ClientRules.grants("grants", List.of("password")))
                .isInstanceOf(ClientRuleViolation.class)
                .hasMessage("grants: 'password' is not allowed; allowed values: client_credentials, authorization_code,"
                        + " refresh_token");
    }
}
