package dev.signet.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.jose.JwtClaims;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequirementTest {

    private static final String REALM = "orders";
    private static final String METADATA = "https://api.example/.well-known/oauth-protected-resource";
    private final Instant now = Instant.parse("2030-01-01T00:00:00Z");

    private Principal principal(JwtClaims.Builder c) throws Exception {
        Issuer i =
                Issuer.builder("https://auth.example").audiences("orders-api").build();
        return Principal.of(i, c.issuer("https://auth.example").subject("u").build());
    }

    @Test
    void aValidTokenMeetsTheEmptyRequirement() throws Exception {
        assertThat(Requirement.VALID_TOKEN.check(principal(JwtClaims.builder()), now))
                .isEmpty();
    }

    @Test
    void missingScopesAnswer403WithTheScopesNeeded() throws Exception {
        Requirement r =
                Requirement.builder().scopes("orders.read", "orders.write").build();
        Principal p = principal(JwtClaims.builder().claim("scope", "orders.read"));
        Requirement.Denial d = r.check(p, now).orElseThrow();
        assertThat(d.kind()).isEqualTo(Requirement.Denial.Kind.INSUFFICIENT_SCOPE);
        Challenge c = Challenge.denied(REALM, METADATA, d);
        assertThat(c.status()).isEqualTo(403);
        assertThat(c.wwwAuthenticate())
                .isEqualTo("Bearer realm=\"orders\", error=\"insufficient_scope\", error_description=\"the token lacks"
                        + " scope orders.write\", scope=\"orders.read orders.write\", resource_metadata=\"" + METADATA
                        + "\"");
        assertThat(r.check(principal(JwtClaims.builder().claim("scp", List.of("orders.read", "orders.write"))), now))
                .as("an scp array counts as scopes")
                .isEmpty();
    }

    @Test
    void aClaimOfAnotherValueIsRefusedWithoutEchoingIt() throws Exception {
        Requirement r = Requirement.builder().claimEquals("org_id", "acme").build();
        assertThat(r.check(principal(JwtClaims.builder().claim("org_id", "acme")), now))
                .isEmpty();
        for (JwtClaims.Builder c : List.of(
                JwtClaims.builder().claim("org_id", "globex"),
                JwtClaims.builder(),
                JwtClaims.builder().claim("org_id", List.of("acme")))) {
            Requirement.Denial d = r.check(principal(c), now).orElseThrow();
            assertThat(d.kind()).isEqualTo(Requirement.Denial.Kind.CLAIM_MISMATCH);
            Challenge ch = Challenge.denied(REALM, null, d);
            assertThat(ch.status()).isEqualTo(403);
            assertThat(ch.wwwAuthenticate()).doesNotContain("globex").contains("error=\"insufficient_scope\"");
        }
    }

    @Test
    void stepUpAnswers401WithAcrValuesAndMaxAge() throws Exception {
        Requirement r = Requirement.builder()
                .acr("urn:signet:acr:mfa")
                .maxAge(Duration.ofMinutes(10))
                .build();
        Principal pwd = principal(JwtClaims.builder()
                .claim("acr", "urn:signet:acr:pwd")
                .claim("auth_time", now.minusSeconds(60).getEpochSecond()));
        Requirement.Denial d = r.check(pwd, now).orElseThrow();
        assertThat(d.kind()).isEqualTo(Requirement.Denial.Kind.STEP_UP);
        Challenge c = Challenge.denied(REALM, METADATA, d);
        assertThat(c.status()).isEqualTo(401);
        assertThat(c.wwwAuthenticate())
                .isEqualTo("Bearer realm=\"orders\", error=\"insufficient_user_authentication\","
                        + " error_description=\"a stronger sign-in is required\", acr_values=\"urn:signet:acr:mfa\","
                        + " max_age=\"600\", resource_metadata=\"" + METADATA + "\"");
        Principal oldMfa = principal(JwtClaims.builder()
                .claim("acr", "urn:signet:acr:mfa")
                .claim("auth_time", now.minusSeconds(601).getEpochSecond()));
        assertThat(r.check(oldMfa, now).orElseThrow().message()).contains("more recent");
        Principal noAuthTime = principal(JwtClaims.builder().claim("acr", "urn:signet:acr:mfa"));
        assertThat(r.check(noAuthTime, now))
                .as("no auth_time: no proof of a recent sign-in")
                .isPresent();
        Principal fresh = principal(JwtClaims.builder()
                .claim("acr", "urn:signet:acr:mfa")
                .claim("auth_time", now.minusSeconds(599).getEpochSecond()));
        assertThat(r.check(fresh, now)).isEmpty();
    }

    @Test
    void challengesForNoTokenAndAnInvalidOne() {
        assertThat(Challenge.noToken(REALM, METADATA))
                .isEqualTo(new Challenge(401, "Bearer realm=\"orders\", resource_metadata=\"" + METADATA + "\""));
        TokenRejected e = new TokenRejected(TokenRejected.Reason.EXPIRED, "expired \"at\" \\ 10:00\r\nX-Injected: 1");
        Challenge c = Challenge.invalidToken(REALM, null, e);
        assertThat(c.status()).isEqualTo(401);
        assertThat(c.wwwAuthenticate())
                .as("quotes, backslashes and line breaks never reach the header")
                .isEqualTo(
                        "Bearer realm=\"orders\", error=\"invalid_token\", error_description=\"expired ?at? ? 10:00??"
                                + "X-Injected: 1\"");
        assertThat(Challenge.quoted("é".repeat(300))).hasSize(202).matches("\"\\?+\"");
    }

    @Test
    void requirementValuesThatCannotBeQuotedAreRefused() {
        assertThatThrownBy(() -> Requirement.builder().scopes("a b")).hasMessageContaining("scope token");
        assertThatThrownBy(() -> Requirement.builder().scopes("a\"b")).hasMessageContaining("scope token");
        assertThatThrownBy(() -> Requirement.builder().acr("x y")).hasMessageContaining("acr");
        assertThatThrownBy(() -> Requirement.builder().maxAge(Duration.ZERO)).hasMessageContaining("1 s");
    }
}
