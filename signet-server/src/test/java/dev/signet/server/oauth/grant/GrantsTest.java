package dev.signet.server.oauth.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.oauth.IssuedToken;
import dev.signet.server.oauth.OAuthError;
import dev.signet.server.oauth.TokenRequest;
import dev.signet.server.store.ClientRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The grant table: a grant_type finds its grant, an unknown one is unsupported_grant_type naming those there are. */
class GrantsTest {

    private static Grant named(String type) {
        return new Grant() {
            @Override
            public String grantType() {
                return type;
            }

            @Override
            public IssuedToken issue(String tenant, ClientRecord client, TokenRequest request) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void findsEachGrantByItsType() {
        Grant codes = named("authorization_code");
        Grant clients = named("client_credentials");
        Grants grants = new Grants(List.of(codes, clients));
        assertThat(grants.require("authorization_code")).isSameAs(codes);
        assertThat(grants.require("client_credentials")).isSameAs(clients);
        assertThat(grants.types()).containsExactly("authorization_code", "client_credentials");
    }

    @Test
    void refusesAnUnknownGrantTypeListingTheSupportedOnes() {
        Grants grants = new Grants(List.of(named("client_credentials"), named("refresh_token")));
        assertThatThrownBy(() -> grants.require("password")).isInstanceOfSatisfying(OAuthError.class, e -> {
            assertThat(e.code()).isEqualTo("unsupported_grant_type");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.description())
                    .isEqualTo("grant_type 'password' is not supported; supported: client_credentials, refresh_token");
        });
    }

    @Test
    void refusesTwoGrantsForOneType() {
        assertThatThrownBy(() -> new Grants(List.of(named("client_credentials"), named("client_credentials"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
