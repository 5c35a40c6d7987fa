package dev.signet.jose.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.JoseException;
import dev.signet.jose.JwtClaims;
import dev.signet.jose.KeyType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * A realistic RFC 9068 access token: registered claims, OAuth {@code scope} and {@code client_id},
 * a custom boolean, a list claim and a non-ASCII string (UTF-8 through Base64URL, astral plane
 * included). Both sides of every interop test build their token from one of these and compare
 * what the other side read against it.
 */
record AccessToken(
        String issuer,
        String subject,
        List<String> audience,
        Instant issuedAt,
        Instant expiresAt,
        String jwtId,
        String scope,
        String clientId,
        boolean mfa,
        List<String> roles,
        String name) {

    static final String TYPE = "at+jwt";
    static final String ISSUER = "https://auth.signet.example/tenants/acme";
    /** The audience every verifier here expects; RSA and EdDSA tokens name a second one too. */
    static final String API = "https://api.signet.example";

    static final String OTHER_API = "https://billing.signet.example";
    static final String[] REQUIRED = {"sub", "exp", "iat", "jti", "scope", "client_id"};

    /**
     * A token issued now (whole seconds, as NumericDate carries them), valid for ten minutes. HMAC
     * and ECDSA cases name one audience (which JWT libraries write as a plain string), the others
     * two (an array): both forms of RFC 7519 §4.1.3 cross in each direction.
     */
    static AccessToken fresh(InteropCase c) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        boolean single = c.isHmac() || c.keyType() == KeyType.EC;
        return new AccessToken(
                ISSUER,
                "user-8f14e45f-ceea-467a",
                single ? List.of(API) : List.of(API, OTHER_API),
                now,
                now.plusSeconds(600),
                UUID.randomUUID().toString(),
                "openid orders:read orders:write",
                "s6BhdRkqt3",
                true,
                List.of("orders-admin", "billing-viewer"),
                "Zoë Ångström 🔑");
    }

    /** The one audience, when there is one: libraries write it as a string rather than an array. */
    String singleAudience() {
        return audience.size() == 1 ? audience.get(0) : null;
    }

    JwtClaims toSignetClaims() {
        JwtClaims.Builder b = JwtClaims.builder().issuer(issuer).subject(subject);
        if (singleAudience() != null) {
            b.audience(singleAudience());
        } else {
            b.audience(audience);
        }
        return b.issuedAt(issuedAt)
                .expiresAt(expiresAt)
                .jwtId(jwtId)
                .claim("scope", scope)
                .claim("client_id", clientId)
                .claim("mfa", mfa)
                .claim("roles", roles)
                .claim("name", name)
                .build();
    }

    /** What Signet read from a peer's token must be this token, claim by claim. */
    void assertReadBySignet(JwtClaims c) throws JoseException {
        assertThat(c.issuer()).as("iss").isEqualTo(issuer);
        assertThat(c.subject()).as("sub").isEqualTo(subject);
        assertThat(c.audience()).as("aud").containsExactlyInAnyOrderElementsOf(audience);
        assertThat(c.issuedAt()).as("iat").isEqualTo(issuedAt);
        assertThat(c.expiresAt()).as("exp").isEqualTo(expiresAt);
        assertThat(c.jwtId()).as("jti").isEqualTo(jwtId);
        assertThat(c.getString("scope")).as("scope").isEqualTo(scope);
        assertThat(c.getString("client_id")).as("client_id").isEqualTo(clientId);
        assertThat(c.getBoolean("mfa")).as("mfa").isEqualTo(mfa);
        assertThat(c.getStringList("roles")).as("roles").containsExactlyElementsOf(roles);
        assertThat(c.getString("name")).as("name").isEqualTo(name);
        // NumericDates are integers on the wire, whoever wrote them.
        assertThat(c.get("exp")).as("exp as written").isInstanceOf(Long.class);
        assertThat(c.get("iat")).as("iat as written").isInstanceOf(Long.class);
    }
}
