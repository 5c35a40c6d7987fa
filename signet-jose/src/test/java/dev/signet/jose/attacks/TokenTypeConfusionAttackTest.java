package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.MALFORMED;
import static dev.signet.jose.JoseException.Reason.UNSUPPORTED;
import static dev.signet.jose.JoseException.Reason.WRONG_TYPE;
import static dev.signet.jose.attacks.Forge.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwsHeader;
import dev.signet.jose.JwsSigner;
import dev.signet.jose.JwtSigner;
import dev.signet.jose.JwtVerifier;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cross-JWT confusion (RFC 8725 §2.8, §3.11): an ID token, a logout token or a client assertion,
 * validly signed by the same issuer for the same audience, replayed where an access token is
 * expected. Explicit typing ({@code at+jwt}, RFC 9068 §4) tells them apart.
 */
class TokenTypeConfusionAttackTest {

    private static JwtVerifier accessTokenVerifier() {
        return TrustedIssuer.verifier().type("at+jwt").build();
    }

    private static String typed(String typ) {
        return TrustedIssuer.unchecked(() -> JwtSigner.builder(TrustedIssuer.EC)
                .type(typ)
                .build()
                .sign(TrustedIssuer.claims().build()));
    }

    @Test
    void rejectsIdTokenWhereAccessTokenIsRequired() {
        String detail = rejects(WRONG_TYPE, () -> accessTokenVerifier().verify(typed("JWT")))
                .detail();
        assertThat(detail).contains("at+jwt").contains("JWT");
    }

    @Test
    void rejectsTokenWithoutTypWhereAccessTokenIsRequired() throws Exception {
        String untyped = JwsSigner.builder(TrustedIssuer.EC)
                .build()
                .sign(
                        JwsHeader.builder(),
                        TrustedIssuer.claims().build().toJson().getBytes(StandardCharsets.UTF_8));
        rejects(WRONG_TYPE, () -> accessTokenVerifier().verify(untyped));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "application/jwt",
                "logout+jwt",
                "dpop+jwt",
                "at+jwt ",
                " at+jwt",
                "at+jwt;v=1",
                "at+jwtx",
                "application/application/at+jwt",
                "text/at+jwt",
                "at-jwt",
                "at\u0000+jwt"
            })
    void rejectsOtherTypesWhereAccessTokenIsRequired(String typ) {
        rejects(WRONG_TYPE, () -> accessTokenVerifier().verify(typed(typ)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"at+jwt", "application/at+jwt", "AT+JWT", "Application/At+Jwt"})
    void acceptsAccessTokenTypeInEveryFormRfc7515Allows(String typ) throws Exception {
        // RFC 7515 §4.1.9: media type names are case-insensitive and "application/" may be omitted.
        assertThat(accessTokenVerifier().verify(typed(typ)).header().type()).isEqualTo(typ);
    }

    @Test
    void rejectsNonStringTyp() {
        String token = Forge.hmac(
                JwsAlgorithm.HS256,
                TrustedIssuer.SECRET,
                "{\"alg\":\"HS256\",\"typ\":[\"at+jwt\"]}",
                TrustedIssuer.claimsJson());
        rejects(MALFORMED, () -> accessTokenVerifier().verify(token));
    }

    @Test
    void rejectsNestedJwtContentType() {
        // cty JWT (RFC 7519 §5.2) would make the payload another token to unwrap: not supported, so refused.
        String token = Forge.hmac(
                JwsAlgorithm.HS256,
                TrustedIssuer.SECRET,
                "{\"alg\":\"HS256\",\"kid\":\"hmac-1\",\"cty\":\"JWT\"}",
                TrustedIssuer.claimsJson());
        rejects(UNSUPPORTED, () -> TrustedIssuer.hmacVerifier().build().verify(token));
    }
}
