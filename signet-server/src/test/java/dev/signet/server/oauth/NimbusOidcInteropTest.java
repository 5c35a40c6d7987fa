package dev.signet.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.AccessTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.signet.server.MutableClock;
import dev.signet.server.TestDatabases;
import dev.signet.server.identity.UserAccount;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent OpenID Connect client library (Nimbus OAuth 2.0 SDK) reads the provider metadata,
 * redeems a code with PKCE as a public client, validates the ID token (signature, iss, aud, nonce,
 * at_hash), calls userinfo, and refreshes through rotation until a reused token is refused.
 */
class NimbusOidcInteropTest {

    @TempDir
    Path dir;

    PeopleFlows flows;

    @AfterEach
    void stop() {
        if (flows != null) {
            flows.server.close();
        }
    }

    @Test
    void codeFlowWithPkceIdTokenUserinfoAndRefreshRotation() throws Exception {
        PeopleFlows.Users users = new PeopleFlows.Users();
        flows = PeopleFlows.start(TestDatabases.sqlite().url(), dir, MutableClock.startingNow(), users);
        UserAccount alice = users.add("alice");
        OIDCProviderMetadata op = OIDCProviderMetadata.resolve(new Issuer(flows.server.issuer()));
        assertThat(op.getAuthorizationEndpointURI().toString()).isEqualTo(flows.server.issuer() + "/authorize");
        assertThat(op.getCodeChallengeMethods()).containsExactly(CodeChallengeMethod.S256);

        CodeVerifier verifier = new CodeVerifier();
        CodeChallenge challenge = CodeChallenge.compute(CodeChallengeMethod.S256, verifier);
        Nonce nonce = new Nonce();
        String code = flows.server
                .server()
                .authorizationCodes()
                .issue(new AuthorizationCodes.Grant(
                        "default",
                        "web-app",
                        alice.userId(),
                        "sid-nimbus",
                        PeopleFlows.REDIRECT,
                        challenge.getValue(),
                        List.of("openid", "profile", "email", "offline_access"),
                        nonce.getValue(),
                        flows.server.clock().instant(),
                        "urn:signet:acr:pwd",
                        List.of("pwd")));
        ClientID clientId = new ClientID("web-app");
        TokenResponse tr = OIDCTokenResponseParser.parse(new TokenRequest.Builder(
                        op.getTokenEndpointURI(),
                        clientId,
                        new AuthorizationCodeGrant(
                                new AuthorizationCode(code), URI.create(PeopleFlows.REDIRECT), verifier))
                .build()
                .toHTTPRequest()
                .send());
        assertThat(tr.indicatesSuccess())
                .as(() -> tr.toErrorResponse().getErrorObject().toString())
                .isTrue();
        OIDCTokenResponse ok = (OIDCTokenResponse) tr.toSuccessResponse();
        JWT idToken = ok.getOIDCTokens().getIDToken();
        JWSAlgorithm alg = JWSAlgorithm.parse(idToken.getHeader().getAlgorithm().getName());
        JWKSet jwks = JWKSet.parse(flows.server.get("/tenants/default/jwks").body());
        IDTokenValidator validator = new IDTokenValidator(
                op.getIssuer(),
                clientId,
                new JWSVerificationKeySelector<SecurityContext>(alg, new ImmutableJWKSet<>(jwks)),
                null);
        IDTokenClaimsSet claims = validator.validate(idToken, nonce);
        assertThat(claims.getSubject().getValue()).isEqualTo(alice.userId());
        assertThat(claims.getAuthorizedParty().getValue()).isEqualTo("web-app");
        assertThat(claims.getACR().getValue()).isEqualTo("urn:signet:acr:pwd");
        assertThat(claims.getStringClaim("sid")).isEqualTo("sid-nimbus");
        AccessTokenValidator.validate(ok.getOIDCTokens().getAccessToken(), alg, claims.getAccessTokenHash());

        UserInfoResponse ui = UserInfoResponse.parse(new UserInfoRequest(
                        op.getUserInfoEndpointURI(), ok.getOIDCTokens().getBearerAccessToken())
                .toHTTPRequest()
                .send());
        assertThat(ui.indicatesSuccess()).isTrue();
        assertThat(ui.toSuccessResponse().getUserInfo().getSubject().getValue()).isEqualTo(alice.userId());
        assertThat(ui.toSuccessResponse().getUserInfo().getEmailAddress()).isEqualTo("alice@example.com");

        RefreshToken first = ok.getOIDCTokens().getRefreshToken();
        RefreshToken current = first;
        for (int i = 0; i < 3; i++) {
            TokenResponse r = TokenResponse.parse(
                    new TokenRequest.Builder(op.getTokenEndpointURI(), clientId, new RefreshTokenGrant(current))
                            .build()
                            .toHTTPRequest()
                            .send());
            assertThat(r.indicatesSuccess()).isTrue();
            RefreshToken next = r.toSuccessResponse().getTokens().getRefreshToken();
            assertThat(next).isNotNull().isNotEqualTo(current);
            current = next;
        }
        TokenResponse reused = TokenResponse.parse(
                new TokenRequest.Builder(op.getTokenEndpointURI(), clientId, new RefreshTokenGrant(first))
                        .build()
                        .toHTTPRequest()
                        .send());
        assertThat(reused.indicatesSuccess()).isFalse();
        assertThat(((TokenErrorResponse) reused).getErrorObject().getCode())
                .isEqualTo(OAuth2Error.INVALID_GRANT.getCode());
        TokenResponse afterTheft = TokenResponse.parse(
                new TokenRequest.Builder(op.getTokenEndpointURI(), clientId, new RefreshTokenGrant(current))
                        .build()
                        .toHTTPRequest()
                        .send());
        assertThat(afterTheft.indicatesSuccess()).isFalse();
    }
}
