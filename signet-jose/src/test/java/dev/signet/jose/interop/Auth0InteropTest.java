package dev.signet.jose.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.ECDSAKeyProvider;
import com.auth0.jwt.interfaces.JWTVerifier;
import com.auth0.jwt.interfaces.RSAKeyProvider;
import dev.signet.jose.JoseException;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.JwsAlgorithm;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Interop with Auth0 java-jwt 4.6.2, both ways: HS*, RS*, PS* and ES256/384/512 — all java-jwt
 * offers (it has no EdDSA, and dropped ES256K in 4.0). java-jwt has no JWK support (that is the
 * separate jwks-rsa library), so there are no JWK tests: keys cross as JCA keys, which Signet reads
 * with {@link Jwk#fromPublicKey} / {@link Jwk#fromSecret} and java-jwt gets from Signet's parsed JWKs.
 *
 * <p>java-jwt verifies with its {@link JWTVerifier}: keys from a key provider by {@code kid},
 * issuer, audience, presence of the access-token claims (it checks exp and iat itself). It does
 * not check {@code typ}: the test does.
 */
@DisplayName("Interop with Auth0 java-jwt 4.6.2")
@ExtendWith(NamedFailures.class)
class Auth0InteropTest {

    private static final Map<InteropCase, Object> AUTH0_KEYS = new HashMap<>();

    static List<InteropCase> cases() {
        return InteropCase.common();
    }

    // ---------------------------------------------------------------- Signet signs, java-jwt verifies

    @ParameterizedTest(name = "{0}: Signet signs, java-jwt verifies")
    @MethodSource("cases")
    void signetSignsAuth0Verifies(InteropCase c) throws Exception {
        AccessToken expected = AccessToken.fresh(c);
        String token = SignetSide.sign(c, expected);

        JWTVerifier auth0 = verifier(c, JwkSet.parse(SignetSide.publishedJwks(c)));
        DecodedJWT jwt = auth0.verify(token);

        assertThat(jwt.getAlgorithm()).as("alg").isEqualTo(c.alg().identifier());
        assertThat(jwt.getType()).as("typ").isEqualTo(AccessToken.TYPE);
        assertThat(jwt.getKeyId()).as("kid").isEqualTo(SignetSide.key(c).keyId());
        assertThat(jwt.getIssuer()).as("iss").isEqualTo(expected.issuer());
        assertThat(jwt.getSubject()).as("sub").isEqualTo(expected.subject());
        assertThat(jwt.getAudience()).as("aud").containsExactlyElementsOf(expected.audience());
        assertThat(jwt.getIssuedAtAsInstant()).as("iat").isEqualTo(expected.issuedAt());
        assertThat(jwt.getExpiresAtAsInstant()).as("exp").isEqualTo(expected.expiresAt());
        assertThat(jwt.getId()).as("jti").isEqualTo(expected.jwtId());
        assertThat(jwt.getClaim("scope").asString()).as("scope").isEqualTo(expected.scope());
        assertThat(jwt.getClaim("client_id").asString()).as("client_id").isEqualTo(expected.clientId());
        assertThat(jwt.getClaim("mfa").asBoolean()).as("mfa").isEqualTo(expected.mfa());
        assertThat(jwt.getClaim("roles").asList(String.class)).as("roles").containsExactlyElementsOf(expected.roles());
        assertThat(jwt.getClaim("name").asString()).as("name").isEqualTo(expected.name());

        String forged = SignetSide.withOtherSubject(token);
        assertThatThrownBy(() -> auth0.verify(forged))
                .as("java-jwt on a token whose payload was changed")
                .isInstanceOf(SignatureVerificationException.class);
    }

    // ---------------------------------------------------------------- java-jwt signs, Signet verifies

    @ParameterizedTest(name = "{0}: java-jwt signs, Signet verifies")
    @MethodSource("cases")
    void auth0SignsSignetVerifies(InteropCase c) throws Exception {
        Object key = auth0Key(c);
        Jwk published = c.isHmac() ? Jwk.fromSecret((byte[]) key) : Jwk.fromPublicKey(((KeyPair) key).getPublic());
        String kid = published.thumbprint();
        AccessToken t = AccessToken.fresh(c);
        String token = JWT.create()
                .withKeyId(kid)
                .withHeader(Map.of("typ", AccessToken.TYPE))
                .withIssuer(t.issuer())
                .withSubject(t.subject())
                .withAudience(t.audience().toArray(new String[0]))
                .withIssuedAt(t.issuedAt())
                .withExpiresAt(t.expiresAt())
                .withJWTId(t.jwtId())
                .withClaim("scope", t.scope())
                .withClaim("client_id", t.clientId())
                .withClaim("mfa", t.mfa())
                .withClaim("roles", t.roles())
                .withClaim("name", t.name())
                .sign(signingAlgorithm(c, key));

        SignetSide.verifyPeerToken(c, JwkSet.of(published.withKeyId(kid)).toJson(), token, t, kid);
    }

    // ---------------------------------------------------------------- where java-jwt is laxer

    static List<InteropCase> hmacCases() {
        return InteropCase.HMAC;
    }

    /**
     * java-jwt signs and verifies with an HMAC secret of any length; RFC 7518 §3.2 requires one at
     * least as long as the hash, and Signet refuses shorter ones before computing the MAC.
     */
    @ParameterizedTest(name = "{0}: java-jwt signs with a secret shorter than the hash, Signet refuses the key")
    @MethodSource("hmacCases")
    void signetRefusesShortHmacSecret(InteropCase c) throws Exception {
        byte[] secret = new byte[c.alg().minimumKeyBits() / 8 - 1];
        new SecureRandom().nextBytes(secret);
        Jwk jwk = Jwk.fromSecret(secret);
        AccessToken t = AccessToken.fresh(c);
        String token = JWT.create()
                .withKeyId(jwk.thumbprint())
                .withHeader(Map.of("typ", AccessToken.TYPE))
                .withIssuer(t.issuer())
                .withAudience(t.singleAudience())
                .withExpiresAt(t.expiresAt())
                .sign(byName(c, secret, null, null));
        assertThat(JWT.require(byName(c, secret, null, null))
                        .build()
                        .verify(token)
                        .getIssuer())
                .as("java-jwt accepts its own token")
                .isEqualTo(t.issuer());

        assertThatThrownBy(() -> SignetSide.verifier(c, JwkSet.of(jwk.withKeyId(jwk.thumbprint())))
                        .verify(token))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(JoseException.Reason.KEY_REJECTED));
    }

    /** java-jwt signs with RSA keys of any size; RFC 7518 §3.3 and Signet require 2048 bits or more. */
    @ParameterizedTest(name = "{0}: java-jwt signs with a 1024-bit RSA key, Signet refuses the key")
    @MethodSource("rsa1024Cases")
    void signetRefusesRsaKeyUnder2048Bits(InteropCase c) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        KeyPair pair = g.generateKeyPair();
        Jwk jwk = Jwk.fromPublicKey(pair.getPublic());
        AccessToken t = AccessToken.fresh(c);
        String token = JWT.create()
                .withKeyId(jwk.thumbprint())
                .withHeader(Map.of("typ", AccessToken.TYPE))
                .withIssuer(t.issuer())
                .withAudience(AccessToken.API)
                .withExpiresAt(t.expiresAt())
                .sign(byName(
                        c,
                        null,
                        new FixedRsa((RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate()),
                        null));

        assertThatThrownBy(() -> SignetSide.verifier(c, JwkSet.of(jwk.withKeyId(jwk.thumbprint())))
                        .verify(token))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(JoseException.Reason.KEY_REJECTED));
    }

    static List<InteropCase> rsa1024Cases() {
        return List.of(InteropCase.of(JwsAlgorithm.RS256), InteropCase.of(JwsAlgorithm.PS256));
    }

    // ---------------------------------------------------------------- java-jwt side

    /** java-jwt's verifier as a java-jwt resource server configures it, keys resolved by kid. */
    private static JWTVerifier verifier(InteropCase c, JwkSet keys) {
        return JWT.require(verificationAlgorithm(c, keys))
                .withIssuer(AccessToken.ISSUER)
                .withAudience(AccessToken.API)
                .withClaimPresence("sub")
                .withClaimPresence("exp")
                .withClaimPresence("iat")
                .withClaimPresence("jti")
                .withClaimPresence("scope")
                .withClaimPresence("client_id")
                .build();
    }

    private static Algorithm verificationAlgorithm(InteropCase c, JwkSet keys) {
        if (c.isHmac()) {
            byte[] secret = keys.keys().get(0).secretKey().getEncoded();
            return byName(c, secret, null, null);
        }
        if (c.keyType() == dev.signet.jose.KeyType.RSA) {
            RSAKeyProvider p = new RSAKeyProvider() {
                @Override
                public RSAPublicKey getPublicKeyById(String kid) {
                    return (RSAPublicKey) keys.byKeyId(kid).get(0).publicKey();
                }

                @Override
                public RSAPrivateKey getPrivateKey() {
                    return null;
                }

                @Override
                public String getPrivateKeyId() {
                    return null;
                }
            };
            return byName(c, null, p, null);
        }
        ECDSAKeyProvider p = new ECDSAKeyProvider() {
            @Override
            public ECPublicKey getPublicKeyById(String kid) {
                return (ECPublicKey) keys.byKeyId(kid).get(0).publicKey();
            }

            @Override
            public ECPrivateKey getPrivateKey() {
                return null;
            }

            @Override
            public String getPrivateKeyId() {
                return null;
            }
        };
        return byName(c, null, null, p);
    }

    private static Algorithm signingAlgorithm(InteropCase c, Object key) {
        if (c.isHmac()) {
            return byName(c, (byte[]) key, null, null);
        }
        KeyPair pair = (KeyPair) key;
        if (c.keyType() == dev.signet.jose.KeyType.RSA) {
            return byName(
                    c, null, new FixedRsa((RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate()), null);
        }
        return byName(c, null, null, new FixedEc((ECPublicKey) pair.getPublic(), (ECPrivateKey) pair.getPrivate()));
    }

    private static Algorithm byName(InteropCase c, byte[] secret, RSAKeyProvider rsa, ECDSAKeyProvider ec) {
        return switch (c.alg()) {
            case HS256 -> Algorithm.HMAC256(secret);
            case HS384 -> Algorithm.HMAC384(secret);
            case HS512 -> Algorithm.HMAC512(secret);
            case RS256 -> Algorithm.RSA256(rsa);
            case RS384 -> Algorithm.RSA384(rsa);
            case RS512 -> Algorithm.RSA512(rsa);
            case PS256 -> Algorithm.RSA256PSS(rsa);
            case PS384 -> Algorithm.RSA384PSS(rsa);
            case PS512 -> Algorithm.RSA512PSS(rsa);
            case ES256 -> Algorithm.ECDSA256(ec);
            case ES384 -> Algorithm.ECDSA384(ec);
            case ES512 -> Algorithm.ECDSA512(ec);
            default -> throw new IllegalArgumentException("java-jwt has no " + c);
        };
    }

    private static final class FixedRsa implements RSAKeyProvider {
        private final RSAPublicKey pub;
        private final RSAPrivateKey priv;

        FixedRsa(RSAPublicKey pub, RSAPrivateKey priv) {
            this.pub = pub;
            this.priv = priv;
        }

        @Override
        public RSAPublicKey getPublicKeyById(String kid) {
            return pub;
        }

        @Override
        public RSAPrivateKey getPrivateKey() {
            return priv;
        }

        @Override
        public String getPrivateKeyId() {
            return null;
        }
    }

    private static final class FixedEc implements ECDSAKeyProvider {
        private final ECPublicKey pub;
        private final ECPrivateKey priv;

        FixedEc(ECPublicKey pub, ECPrivateKey priv) {
            this.pub = pub;
            this.priv = priv;
        }

        @Override
        public ECPublicKey getPublicKeyById(String kid) {
            return pub;
        }

        @Override
        public ECPrivateKey getPrivateKey() {
            return priv;
        }

        @Override
        public String getPrivateKeyId() {
            return null;
        }
    }

    /**
     * java-jwt's key for a case: a JCA key pair (RSA 2048, the case's NIST curve) or an HMAC secret
     * as long as the hash. java-jwt has no key generator, so the JDK's is used.
     */
    private static synchronized Object auth0Key(InteropCase c) {
        Object key = AUTH0_KEYS.get(c);
        if (key != null) {
            return key;
        }
        try {
            switch (c.keyType()) {
                case OCT -> {
                    byte[] secret = new byte[c.alg().minimumKeyBits() / 8];
                    new SecureRandom().nextBytes(secret);
                    key = secret;
                }
                case RSA -> {
                    if (c.alg() == JwsAlgorithm.RS256) {
                        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                        g.initialize(2048);
                        key = g.generateKeyPair();
                    } else {
                        // One modulus for all RSA cases (key generation is slow).
                        key = auth0Key(InteropCase.of(JwsAlgorithm.RS256));
                    }
                }
                default -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec(c.curve().jcaName()));
                    key = SignetSide.withLeadingZeroX(c, g::generateKeyPair, KeyPair::getPublic);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a key for " + c, e);
        }
        AUTH0_KEYS.put(c, key);
        return key;
    }
}
