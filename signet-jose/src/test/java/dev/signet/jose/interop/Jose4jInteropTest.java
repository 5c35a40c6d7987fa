package dev.signet.jose.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.signet.jose.Curve;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKey.OutputControlLevel;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctJwkGenerator;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.OkpJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Interop with jose4j 0.9.6, both ways: HS*, RS*, PS*, ES256/384/512, EdDSA with Ed25519 and
 * Ed448, and ES256K JWKs. jose4j selects JCA providers by registered name only and enables ES256K
 * only when a registered provider has secp256k1; JDK 17 has none, and registering BouncyCastle
 * JVM-wide would change the providers of every other test, so ES256K signing and verification is
 * skipped here (its JWKs and thumbprints are tested).
 *
 * <p>jose4j verifies with its full {@link JwtConsumer}: algorithm constraint, key from Signet's
 * published JWK Set by {@code kid}, {@code typ}, issuer, audience, exp/iat/sub/jti required.
 */
@DisplayName("Interop with jose4j 0.9.6")
@ExtendWith(NamedFailures.class)
class Jose4jInteropTest {

    private static final Map<InteropCase, JsonWebKey> JOSE4J_KEYS = new HashMap<>();

    static List<InteropCase> cases() {
        return InteropCase.common(InteropCase.ES256K, InteropCase.ED25519, InteropCase.ED448);
    }

    // ---------------------------------------------------------------- Signet signs, jose4j verifies

    @ParameterizedTest(name = "{0}: Signet signs, jose4j verifies")
    @MethodSource("cases")
    void signetSignsJose4jVerifies(InteropCase c) throws Exception {
        assumeJose4jCanSign(c);
        AccessToken expected = AccessToken.fresh(c);
        String token = SignetSide.sign(c, expected);

        JwtConsumer jose4j = consumer(c, new JsonWebKeySet(SignetSide.publishedJwks(c)));
        JwtContext context = jose4j.process(token);
        JwtClaims claims = context.getJwtClaims();

        JsonWebStructure jws = context.getJoseObjects().get(0);
        assertThat(jws.getAlgorithmHeaderValue()).as("alg").isEqualTo(c.alg().identifier());
        assertThat(jws.getHeader("typ")).as("typ").isEqualTo(AccessToken.TYPE);
        assertThat(jws.getKeyIdHeaderValue())
                .as("kid")
                .isEqualTo(SignetSide.key(c).keyId());
        assertThat(claims.getIssuer()).as("iss").isEqualTo(expected.issuer());
        assertThat(claims.getSubject()).as("sub").isEqualTo(expected.subject());
        assertThat(claims.getAudience()).as("aud").containsExactlyElementsOf(expected.audience());
        assertThat(claims.getIssuedAt().getValue())
                .as("iat")
                .isEqualTo(expected.issuedAt().getEpochSecond());
        assertThat(claims.getExpirationTime().getValue())
                .as("exp")
                .isEqualTo(expected.expiresAt().getEpochSecond());
        assertThat(claims.getJwtId()).as("jti").isEqualTo(expected.jwtId());
        assertThat(claims.getStringClaimValue("scope")).as("scope").isEqualTo(expected.scope());
        assertThat(claims.getStringClaimValue("client_id")).as("client_id").isEqualTo(expected.clientId());
        assertThat(claims.getClaimValue("mfa", Boolean.class)).as("mfa").isEqualTo(expected.mfa());
        assertThat(claims.getStringListClaimValue("roles")).as("roles").containsExactlyElementsOf(expected.roles());
        assertThat(claims.getStringClaimValue("name")).as("name").isEqualTo(expected.name());

        String forged = SignetSide.withOtherSubject(token);
        assertThatThrownBy(() -> jose4j.process(forged))
                .as("jose4j on a token whose payload was changed")
                .isInstanceOf(InvalidJwtException.class);
    }

    // ---------------------------------------------------------------- jose4j signs, Signet verifies

    @ParameterizedTest(name = "{0}: jose4j signs, Signet verifies")
    @MethodSource("cases")
    void jose4jSignsSignetVerifies(InteropCase c) throws Exception {
        assumeJose4jCanSign(c);
        AccessToken t = AccessToken.fresh(c);
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(t.issuer());
        claims.setSubject(t.subject());
        if (t.singleAudience() != null) {
            claims.setAudience(t.singleAudience());
        } else {
            claims.setAudience(t.audience());
        }
        claims.setIssuedAt(NumericDate.fromSeconds(t.issuedAt().getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(t.expiresAt().getEpochSecond()));
        claims.setJwtId(t.jwtId());
        claims.setStringClaim("scope", t.scope());
        claims.setStringClaim("client_id", t.clientId());
        claims.setClaim("mfa", t.mfa());
        claims.setStringListClaim("roles", t.roles());
        claims.setStringClaim("name", t.name());

        JsonWebKey key = jose4jKey(c);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(c.alg().identifier());
        jws.setHeader("typ", AccessToken.TYPE);
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setKey(c.isHmac() ? key.getKey() : ((PublicJsonWebKey) key).getPrivateKey());

        String published = new JsonWebKeySet(key)
                .toJson(c.isHmac() ? OutputControlLevel.INCLUDE_SYMMETRIC : OutputControlLevel.PUBLIC_ONLY);
        SignetSide.verifyPeerToken(c, published, jws.getCompactSerialization(), t, key.getKeyId());
    }

    // ---------------------------------------------------------------- JWKs

    @ParameterizedTest(name = "{0}: jose4j reads Signet's JWK")
    @MethodSource("cases")
    void jose4jReadsSignetJwk(InteropCase c) throws Exception {
        Jwk signet = SignetSide.key(c);
        JsonWebKey jose4j = JsonWebKey.Factory.newJwk(SignetSide.verificationJwk(c));
        assertThat(jose4j.getKeyType()).as("kty").isEqualTo(c.keyType().identifier());
        assertThat(jose4j.getKeyId()).as("kid").isEqualTo(signet.keyId());
        assertThat(jose4j.getAlgorithm()).as("alg").isEqualTo(c.alg().identifier());
        assertThat(jose4j.getUse()).as("use").isEqualTo("sig");
        assertThat(jose4j.calculateBase64urlEncodedThumbprint("SHA-256"))
                .as("RFC 7638 thumbprint")
                .isEqualTo(signet.thumbprint());
        if (c.isHmac()) {
            SignetSide.assertSamePrivateKey(jose4j.getKey(), signet.secretKey());
            return;
        }
        PublicJsonWebKey pub = (PublicJsonWebKey) jose4j;
        assertThat(pub.getPrivateKey()).as("private key read from a public JWK").isNull();
        SignetSide.assertSamePublicKey(pub.getPublicKey(), signet.publicKey());

        PublicJsonWebKey priv = PublicJsonWebKey.Factory.newPublicJwk(signet.toJson());
        assertThat(priv.calculateBase64urlEncodedThumbprint("SHA-256"))
                .as("RFC 7638 thumbprint of the private JWK")
                .isEqualTo(signet.thumbprint());
        SignetSide.assertSamePublicKey(priv.getPublicKey(), signet.publicKey());
        SignetSide.assertSamePrivateKey(priv.getPrivateKey(), signet.privateKey());
    }

    @ParameterizedTest(name = "{0}: Signet reads jose4j's JWK")
    @MethodSource("cases")
    void signetReadsJose4jJwk(InteropCase c) throws Exception {
        JsonWebKey key = jose4jKey(c);
        String thumbprint = key.calculateBase64urlEncodedThumbprint("SHA-256");
        if (c.isHmac()) {
            SignetSide.assertSignetReadsPeerJwk(
                    c,
                    null,
                    key.toJson(OutputControlLevel.INCLUDE_SYMMETRIC),
                    key.getKeyId(),
                    thumbprint,
                    null,
                    key.getKey());
            return;
        }
        PublicJsonWebKey pair = (PublicJsonWebKey) key;
        SignetSide.assertSignetReadsPeerJwk(
                c,
                pair.toJson(OutputControlLevel.PUBLIC_ONLY),
                pair.toJson(OutputControlLevel.INCLUDE_PRIVATE),
                pair.getKeyId(),
                thumbprint,
                pair.getPublicKey(),
                pair.getPrivateKey());
    }

    // ---------------------------------------------------------------- jose4j side

    private static void assumeJose4jCanSign(InteropCase c) {
        assumeFalse(
                c.needsBouncyCastle(),
                "jose4j selects JCA providers by registered name only and enables ES256K"
                        + " only when a registered provider has secp256k1; this JDK has none, and registering"
                        + " BouncyCastle"
                        + " JVM-wide would change every other test's providers. ES256K JWKs are still tested.");
    }

    /** jose4j's full JWT consumer, as a jose4j resource server configures it. */
    private static JwtConsumer consumer(InteropCase c, JsonWebKeySet keys) {
        return new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(ConstraintType.PERMIT, c.alg().identifier())
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(keys.getJsonWebKeys()))
                .setExpectedType(true, AccessToken.TYPE)
                .setExpectedIssuer(AccessToken.ISSUER)
                .setExpectedAudience(AccessToken.API)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setRequireJwtId()
                .build();
    }

    /** The jose4j-generated key of a case: {@code alg}, {@code use: sig}, {@code kid} = thumbprint. */
    private static synchronized JsonWebKey jose4jKey(InteropCase c) {
        JsonWebKey key = JOSE4J_KEYS.get(c);
        if (key != null) {
            return key;
        }
        try {
            switch (c.keyType()) {
                case OCT -> key = OctJwkGenerator.generateJwk(c.alg().minimumKeyBits());
                case RSA ->
                    // One modulus for all RSA cases, each JWK with its own alg (key generation is slow).
                    key = c.alg() == JwsAlgorithm.RS256
                            ? RsaJwkGenerator.generateJwk(2048)
                            : PublicJsonWebKey.Factory.newPublicJwk(jose4jKey(InteropCase.of(JwsAlgorithm.RS256))
                                    .toJson(OutputControlLevel.INCLUDE_PRIVATE));
                case EC -> {
                    if (c.needsBouncyCastle()) {
                        // jose4j's generator only uses registered providers: generate with BouncyCastle, convert with
                        // jose4j.
                        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", SignetSide.BOUNCY_CASTLE);
                        g.initialize(new ECGenParameterSpec("secp256k1"));
                        KeyPair pair = SignetSide.withLeadingZeroX(c, g::generateKeyPair, KeyPair::getPublic);
                        PublicJsonWebKey ec = PublicJsonWebKey.Factory.newPublicJwk(pair.getPublic());
                        ec.setPrivateKey(pair.getPrivate());
                        // Round trip through JSON so the keys are jose4j's own JCA objects.
                        key = PublicJsonWebKey.Factory.newPublicJwk(ec.toJson(OutputControlLevel.INCLUDE_PRIVATE));
                    } else {
                        key = SignetSide.withLeadingZeroX(
                                c,
                                () -> EcJwkGenerator.generateJwk(
                                        EllipticCurves.getSpec(c.curve().identifier())),
                                PublicJsonWebKey::getPublicKey);
                    }
                }
                default ->
                    key = OkpJwkGenerator.generateJwk(
                            c.curve() == Curve.ED448
                                    ? OctetKeyPairJsonWebKey.SUBTYPE_ED448
                                    : OctetKeyPairJsonWebKey.SUBTYPE_ED25519);
            }
        } catch (JoseException | GeneralSecurityException e) {
            throw new IllegalStateException("jose4j cannot generate a key for " + c, e);
        }
        key.setAlgorithm(c.alg().identifier());
        key.setUse("sig");
        key.setKeyId(key.calculateBase64urlEncodedThumbprint("SHA-256"));
        JOSE4J_KEYS.put(c, key);
        return key;
    }
}
