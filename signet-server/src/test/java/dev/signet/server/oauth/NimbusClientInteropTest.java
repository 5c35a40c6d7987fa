package dev.signet.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import dev.signet.server.TestDatabases;
import dev.signet.server.TestServer;
import java.net.URL;
import java.nio.file.Path;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent client library (Nimbus OAuth 2.0 SDK) performs discovery, client credentials with
 * each authentication method, introspection and revocation; Nimbus JOSE verifies the tokens.
 */
class NimbusClientInteropTest {

    @TempDir
    static Path dir;

    static TestServer server;
    static ECKey clientKey;
    static AuthorizationServerMetadata metadata;

    @BeforeAll
    static void start() throws Exception {
        clientKey = new ECKeyGenerator(Curve.P_256).keyID("nimbus-1").generate();
        String yaml = TestServer.STANDARD_TENANTS + """
                      - id: nimbus-jwt
                        auth-method: private_key_jwt
                        jwks: '%s'
                        scopes: [orders.read]
                        audiences: [orders-api]
                """.formatted(new JWKSet(clientKey.toPublicJWK()).toString());
        server = TestServer.start(yaml, TestDatabases.sqlite().url(), dir);
        metadata = AuthorizationServerMetadata.resolve(new Issuer(server.issuer()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void discoveryResolvesAtBothRfc8414Locations() throws Exception {
        // Nimbus appends the well-known suffix to the issuer; RFC 8414 §3.1 inserts it before the path.
        String inserted = server.get("/.well-known/oauth-authorization-server/tenants/default")
                .body();
        assertThat(AuthorizationServerMetadata.parse(inserted).toJSONObject()).isEqualTo(metadata.toJSONObject());
        assertThat(metadata.getIssuer().getValue()).isEqualTo(server.issuer());
        assertThat(metadata.getTokenEndpointURI().toString()).isEqualTo(server.issuer() + "/token");
        assertThat(metadata.getTokenEndpointAuthMethods())
                .containsExactly(
                        ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                        ClientAuthenticationMethod.CLIENT_SECRET_POST,
                        ClientAuthenticationMethod.PRIVATE_KEY_JWT,
                        ClientAuthenticationMethod.NONE);
        assertThat(metadata.getGrantTypes())
                .extracting(Object::toString)
                .containsExactly("client_credentials", "authorization_code", "refresh_token");
    }

    @Test
    void clientSecretBasicTokenVerifiesWithNimbusJose() throws Exception {
        AccessToken token = token(
                new ClientSecretBasic(new ClientID("orders-service"), new Secret(TestServer.ORDERS_SECRET)),
                new Scope("orders.read"));
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        JWKSet jwks = JWKSet.load(new URL(metadata.getJWKSetURI().toString()));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(jwks)));
        JWTClaimsSet claims = processor.process(token.getValue(), null);
        assertThat(claims.getIssuer()).isEqualTo(server.issuer());
        assertThat(claims.getSubject()).isEqualTo("orders-service");
        assertThat(claims.getStringClaim("scope")).isEqualTo("orders.read");
    }

    @Test
    void clientSecretPostWithIntrospectionAndRevocation() throws Exception {
        ClientAuthentication auth =
                new ClientSecretPost(new ClientID("reports-service"), new Secret(TestServer.REPORTS_SECRET));
        AccessToken token = token(auth, null);

        TokenIntrospectionSuccessResponse active = introspect(auth, token);
        assertThat(active.isActive()).isTrue();
        assertThat(active.getClientID().getValue()).isEqualTo("reports-service");
        assertThat(active.getScope()).isEqualTo(new Scope("reports.read"));

        HTTPResponse revoked = new TokenRevocationRequest(metadata.getRevocationEndpointURI(), auth, token)
                .toHTTPRequest()
                .send();
        assertThat(revoked.getStatusCode()).isEqualTo(200);
        assertThat(introspect(auth, token).isActive()).isFalse();
    }

    @Test
    @SuppressWarnings("JavaUtilDate") // Nimbus's JWTClaimsSet takes java.util.Date
    void privateKeyJwtAssertionSignedByNimbus() throws Exception {
        Date now = Date.from(server.clock().instant());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer("nimbus-jwt")
                .subject("nimbus-jwt")
                .audience(metadata.getTokenEndpointURI().toString())
                .issueTime(now)
                .expirationTime(new Date(now.getTime() + 60_000))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT assertion = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("nimbus-1").build(), claims);
        assertion.sign(new ECDSASigner(clientKey));
        AccessToken token = token(new PrivateKeyJWT(assertion), new Scope("orders.read"));
        assertThat(token.getScope()).isEqualTo(new Scope("orders.read"));
    }

    @Test
    void errorsParseAsRfc6749ErrorResponses() throws Exception {
        TokenResponse r = TokenResponse.parse(new TokenRequest(
                        metadata.getTokenEndpointURI(),
                        new ClientSecretBasic(new ClientID("orders-service"), new Secret("wrong")),
                        new ClientCredentialsGrant(),
                        null)
                .toHTTPRequest()
                .send());
        assertThat(r.indicatesSuccess()).isFalse();
        TokenErrorResponse error = r.toErrorResponse();
        assertThat(error.getErrorObject().getCode()).isEqualTo("invalid_client");
        assertThat(error.getErrorObject().getHTTPStatusCode()).isEqualTo(401);

        TokenResponse scope = TokenResponse.parse(new TokenRequest(
                        metadata.getTokenEndpointURI(),
                        new ClientSecretBasic(new ClientID("orders-service"), new Secret(TestServer.ORDERS_SECRET)),
                        new ClientCredentialsGrant(),
                        new Scope("admin"))
                .toHTTPRequest()
                .send());
        assertThat(scope.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_scope");
    }

    private static AccessToken token(ClientAuthentication auth, Scope scope) throws Exception {
        TokenResponse r = TokenResponse.parse(
                new TokenRequest(metadata.getTokenEndpointURI(), auth, new ClientCredentialsGrant(), scope)
                        .toHTTPRequest()
                        .send());
        assertThat(r.indicatesSuccess())
                .as(() -> r.toErrorResponse().getErrorObject().toString())
                .isTrue();
        AccessTokenResponse ok = r.toSuccessResponse();
        return ok.getTokens().getAccessToken();
    }

    private static TokenIntrospectionSuccessResponse introspect(ClientAuthentication auth, AccessToken token)
            throws Exception {
        TokenIntrospectionResponse r = TokenIntrospectionResponse.parse(
                new TokenIntrospectionRequest(metadata.getIntrospectionEndpointURI(), auth, token)
                        .toHTTPRequest()
                        .send());
        assertThat(r.indicatesSuccess()).isTrue();
        return r.toSuccessResponse();
    }
}
