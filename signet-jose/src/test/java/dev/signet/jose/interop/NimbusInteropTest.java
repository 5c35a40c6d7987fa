package dev.signet.jose.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Interop with Nimbus JOSE+JWT 10.10, both ways: HS*, RS*, PS*, ES256/384/512, ES256K
 * (BouncyCastle pinned on both sides) and Ed25519 JWKs. Nimbus signs and verifies Ed25519 only
 * through Google Tink, which is not on the class path: those two directions are skipped (with the
 * reason), its Ed25519 JWK parsing and thumbprints are tested.
 *
 * <p>Nimbus verifies with its full pipeline ({@link DefaultJWTProcessor}: {@code typ}, key
 * selection from Signet's published JWK Set by {@code kid} and algorithm, issuer, audience,
 * required claims, expiry).
 */
@DisplayName("Interop with Nimbus JOSE+JWT 10.10")
@ExtendWith(NamedFailures.class)
class NimbusInteropTest {

    private static final String TINK = "com.google.crypto.tink.subtle.Ed25519Sign";
    private static final Map<InteropCase, JWK> NIMBUS_KEYS = new HashMap<>();
    /** JDK-generated pairs behind the Nimbus OKP JWKs: Nimbus generates Ed25519 keys only with Tink. */
    private static final Map<InteropCase, KeyPair> OKP_PAIRS = new HashMap<>();

    static List<InteropCase> cases() {
        return InteropCase.common(InteropCase.ES256K, InteropCase.ED25519);
    }

    // ---------------------------------------------------------------- Signet signs, Nimbus verifies

    @ParameterizedTest(name = "{0}: Signet signs, Nimbus verifies")
    @MethodSource("cases")
    void signetSignsNimbusVerifies(InteropCase c) throws Exception {
        assumeNimbusCanSign(c);
        AccessToken expected = AccessToken.fresh(c);
        String token = SignetSide.sign(c, expected);

        DefaultJWTProcessor<SecurityContext> nimbus = processor(c, JWKSet.parse(SignetSide.publishedJwks(c)));
        JWTClaimsSet claims = nimbus.process(token, null);

        SignedJWT parsed = SignedJWT.parse(token);
        assertThat(parsed.getHeader().getAlgorithm().getName())
                .as("alg")
                .isEqualTo(c.alg().identifier());
        assertThat(parsed.getHeader().getType()).as("typ").isEqualTo(new JOSEObjectType(AccessToken.TYPE));
        assertThat(parsed.getHeader().getKeyID())
                .as("kid")
                .isEqualTo(SignetSide.key(c).keyId());
        assertThat(claims.getIssuer()).as("iss").isEqualTo(expected.issuer());
        assertThat(claims.getSubject()).as("sub").isEqualTo(expected.subject());
        assertThat(claims.getAudience()).as("aud").containsExactlyElementsOf(expected.audience());
        assertThat(claims.getIssueTime()).as("iat").isEqualTo(Date.from(expected.issuedAt()));
        assertThat(claims.getExpirationTime()).as("exp").isEqualTo(Date.from(expected.expiresAt()));
        assertThat(claims.getJWTID()).as("jti").isEqualTo(expected.jwtId());
        assertThat(claims.getStringClaim("scope")).as("scope").isEqualTo(expected.scope());
        assertThat(claims.getStringClaim("client_id")).as("client_id").isEqualTo(expected.clientId());
        assertThat(claims.getBooleanClaim("mfa")).as("mfa").isEqualTo(expected.mfa());
        assertThat(claims.getStringListClaim("roles")).as("roles").containsExactlyElementsOf(expected.roles());
        assertThat(claims.getStringClaim("name")).as("name").isEqualTo(expected.name());

        String forged = SignetSide.withOtherSubject(token);
        assertThatThrownBy(() -> nimbus.process(forged, null))
                .as("Nimbus on a token whose payload was changed")
                .isInstanceOf(BadJOSEException.class);
    }

    // ---------------------------------------------------------------- Nimbus signs, Signet verifies

    @ParameterizedTest(name = "{0}: Nimbus signs, Signet verifies")
    @MethodSource("cases")
    void nimbusSignsSignetVerifies(InteropCase c) throws Exception {
        assumeNimbusCanSign(c);
        JWK key = nimbusKey(c);
        AccessToken t = AccessToken.fresh(c);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(t.issuer())
                .subject(t.subject())
                .audience(t.audience()) // Nimbus writes a one-element audience as a string
                .issueTime(Date.from(t.issuedAt()))
                .expirationTime(Date.from(t.expiresAt()))
                .jwtID(t.jwtId())
                .claim("scope", t.scope())
                .claim("client_id", t.clientId())
                .claim("mfa", t.mfa())
                .claim("roles", t.roles())
                .claim("name", t.name())
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.parse(c.alg().identifier()))
                        .type(new JOSEObjectType(AccessToken.TYPE))
                        .keyID(key.getKeyID())
                        .build(),
                claims);
        jwt.sign(signer(c, key));

        String published = c.isHmac() ? new JWKSet(key).toString(false) : new JWKSet(key).toString();
        SignetSide.verifyPeerToken(c, published, jwt.serialize(), t, key.getKeyID());
    }

    // ---------------------------------------------------------------- JWKs

    @ParameterizedTest(name = "{0}: Nimbus reads Signet's JWK")
    @MethodSource("cases")
    void nimbusReadsSignetJwk(InteropCase c) throws Exception {
        Jwk signet = SignetSide.key(c);
        JWK nimbus = JWK.parse(SignetSide.verificationJwk(c));
        assertThat(nimbus.getKeyType().getValue())
                .as("kty")
                .isEqualTo(c.keyType().identifier());
        assertThat(nimbus.getKeyID()).as("kid").isEqualTo(signet.keyId());
        assertThat(nimbus.getAlgorithm().getName()).as("alg").isEqualTo(c.alg().identifier());
        assertThat(nimbus.getKeyUse()).as("use").isEqualTo(KeyUse.SIGNATURE);
        assertThat(nimbus.computeThumbprint().toString())
                .as("RFC 7638 thumbprint")
                .isEqualTo(signet.thumbprint());
        assertThat(nimbus.isPrivate()).as("private").isEqualTo(c.isHmac());

        JWK nimbusPrivate = JWK.parse(signet.toJson());
        assertThat(nimbusPrivate.isPrivate()).as("private JWK read as private").isTrue();
        assertThat(nimbusPrivate.computeThumbprint().toString())
                .as("RFC 7638 thumbprint of the private JWK")
                .isEqualTo(signet.thumbprint());
        switch (c.keyType()) {
            case OCT ->
                SignetSide.assertSamePrivateKey(nimbus.toOctetSequenceKey().toSecretKey(), signet.secretKey());
            case RSA -> {
                SignetSide.assertSamePublicKey(nimbus.toRSAKey().toPublicKey(), signet.publicKey());
                SignetSide.assertSamePrivateKey(nimbusPrivate.toRSAKey().toPrivateKey(), signet.privateKey());
            }
            case EC -> {
                assertThat(nimbus.toECKey().getCurve().getName())
                        .as("crv")
                        .isEqualTo(c.curve().identifier());
                SignetSide.assertSamePublicKey(nimbus.toECKey().toECPublicKey(), signet.publicKey());
                SignetSide.assertSamePrivateKey(nimbusPrivate.toECKey().toECPrivateKey(), signet.privateKey());
            }
            default -> {
                // Nimbus keeps OKP keys as raw bytes: it has no JCA export for them.
                OctetKeyPair okp = nimbus.toOctetKeyPair();
                int len = c.curve().coordinateLength();
                assertThat(okp.getCurve().getName())
                        .as("crv")
                        .isEqualTo(c.curve().identifier());
                assertThat(okp.getDecodedX()).as("x").isEqualTo(SignetSide.rawOkpPublic(signet.publicKey(), len));
                assertThat(nimbusPrivate.toOctetKeyPair().getDecodedD())
                        .as("d")
                        .isEqualTo(((EdECPrivateKey) signet.privateKey())
                                .getBytes()
                                .orElseThrow());
            }
        }
    }

    @ParameterizedTest(name = "{0}: Signet reads Nimbus's JWK")
    @MethodSource("cases")
    void signetReadsNimbusJwk(InteropCase c) throws Exception {
        JWK key = nimbusKey(c);
        PublicKey pub = null;
        Key priv;
        switch (c.keyType()) {
            case OCT -> priv = key.toOctetSequenceKey().toSecretKey();
            case RSA -> {
                pub = key.toRSAKey().toPublicKey();
                priv = key.toRSAKey().toPrivateKey();
            }
            case EC -> {
                pub = key.toECKey().toECPublicKey();
                priv = key.toECKey().toECPrivateKey();
            }
            default -> {
                pub = OKP_PAIRS.get(c).getPublic();
                priv = OKP_PAIRS.get(c).getPrivate();
            }
        }
        SignetSide.assertSignetReadsPeerJwk(
                c,
                c.isHmac() ? null : key.toPublicJWK().toJSONString(),
                key.toJSONString(),
                key.getKeyID(),
                key.computeThumbprint().toString(),
                pub,
                priv);
    }

    // ---------------------------------------------------------------- Nimbus side

    private static void assumeNimbusCanSign(InteropCase c) {
        if (c.alg() == JwsAlgorithm.EDDSA) {
            assumeTrue(
                    isPresent(TINK),
                    "Nimbus signs and verifies Ed25519 only through Google Tink (" + TINK
                            + "), which is not on the test class path; Nimbus's Ed25519 JWKs are still tested");
        }
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, NimbusInteropTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Nimbus's full JWT pipeline, as a Nimbus resource server configures it. */
    private static DefaultJWTProcessor<SecurityContext> processor(InteropCase c, JWKSet keys) {
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType(AccessToken.TYPE)));
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(
                JWSAlgorithm.parse(c.alg().identifier()), new ImmutableJWKSet<>(keys)));
        p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                Set.of(AccessToken.API),
                new JWTClaimsSet.Builder().issuer(AccessToken.ISSUER).build(),
                Set.of(AccessToken.REQUIRED),
                null));
        if (c.needsBouncyCastle()) {
            DefaultJWSVerifierFactory f = new DefaultJWSVerifierFactory();
            f.getJCAContext().setProvider(SignetSide.BOUNCY_CASTLE);
            p.setJWSVerifierFactory(f);
        }
        return p;
    }

    private static PublicKey toPublic(ECKey key) {
        try {
            return key.toECPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWSSigner signer(InteropCase c, JWK key) throws JOSEException {
        switch (c.keyType()) {
            case OCT -> {
                return new MACSigner(key.toOctetSequenceKey());
            }
            case RSA -> {
                return new RSASSASigner(key.toRSAKey());
            }
            case EC -> {
                ECDSASigner s = new ECDSASigner(key.toECKey());
                if (c.needsBouncyCastle()) {
                    s.getJCAContext().setProvider(SignetSide.BOUNCY_CASTLE);
                }
                return s;
            }
            default -> throw new IllegalStateException("no Nimbus signer for " + c);
        }
    }

    /** The Nimbus-generated key of a case: {@code alg}, {@code use: sig}, {@code kid} = thumbprint. */
    private static synchronized JWK nimbusKey(InteropCase c) {
        JWK key = NIMBUS_KEYS.get(c);
        if (key == null) {
            key = generate(c);
            NIMBUS_KEYS.put(c, key);
        }
        return key;
    }

    private static JWK generate(InteropCase c) {
        JWSAlgorithm alg = JWSAlgorithm.parse(c.alg().identifier());
        try {
            switch (c.keyType()) {
                case OCT -> {
                    return new OctetSequenceKeyGenerator(c.alg().minimumKeyBits())
                            .algorithm(alg)
                            .keyUse(KeyUse.SIGNATURE)
                            .keyIDFromThumbprint(true)
                            .generate();
                }
                case RSA -> {
                    if (c.alg() == JwsAlgorithm.RS256) {
                        return new RSAKeyGenerator(2048)
                                .algorithm(alg)
                                .keyUse(KeyUse.SIGNATURE)
                                .keyIDFromThumbprint(true)
                                .generate();
                    }
                    // One modulus for all RSA cases, each JWK with its own alg (key generation is slow).
                    return new RSAKey.Builder(nimbusKey(InteropCase.of(JwsAlgorithm.RS256))
                                    .toRSAKey())
                            .algorithm(alg)
                            .build();
                }
                case EC -> {
                    ECKeyGenerator g = new ECKeyGenerator(Curve.parse(c.curve().identifier()));
                    if (c.needsBouncyCastle()) {
                        g.provider(SignetSide.BOUNCY_CASTLE);
                    }
                    g.algorithm(alg).keyUse(KeyUse.SIGNATURE).keyIDFromThumbprint(true);
                    return SignetSide.withLeadingZeroX(c, g::generate, NimbusInteropTest::toPublic);
                }
                default -> {
                    KeyPair pair =
                            KeyPairGenerator.getInstance(c.curve().jcaName()).generateKeyPair();
                    OKP_PAIRS.put(c, pair);
                    int len = c.curve().coordinateLength();
                    OctetKeyPair okp = new OctetKeyPair.Builder(
                                    Curve.parse(c.curve().identifier()),
                                    Base64URL.encode(SignetSide.rawOkpPublic(pair.getPublic(), len)))
                            .d(Base64URL.encode(((EdECPrivateKey) pair.getPrivate())
                                    .getBytes()
                                    .orElseThrow()))
                            .algorithm(alg)
                            .keyUse(KeyUse.SIGNATURE)
                            .build();
                    return new OctetKeyPair.Builder(okp).keyIDFromThumbprint().build();
                }
            }
        } catch (JOSEException | GeneralSecurityException e) {
            throw new IllegalStateException("Nimbus cannot generate a key for " + c, e);
        }
    }
}
