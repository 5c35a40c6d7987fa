package dev.signet.jose.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.jose.Curve;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.ProtectedHeader;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PrivateJwk;
import io.jsonwebtoken.security.PublicJwk;
import io.jsonwebtoken.security.SecretJwk;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import io.jsonwebtoken.security.SignatureException;
import java.security.Key;
import java.security.KeyPair;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Interop with JJWT 0.13.0 (api, impl, jackson), both ways: HS*, RS*, PS*, ES256/384/512 and EdDSA
 * with Ed25519 and Ed448. JJWT has no ES256K ({@code Jwts.SIG} does not list it).
 *
 * <p>JJWT verifies with a parser restricted to the case's algorithm, keys located by {@code kid}
 * in Signet's published JWK Set as JJWT parsed it, issuer and audience required (JJWT checks
 * exp itself). JJWT does not check {@code typ}: the test does.
 */
@DisplayName("Interop with JJWT 0.13.0")
@ExtendWith(NamedFailures.class)
class JjwtInteropTest {

    private static final Map<InteropCase, io.jsonwebtoken.security.Jwk<?>> JJWT_KEYS = new HashMap<>();

    static List<InteropCase> cases() {
        return InteropCase.common(InteropCase.ED25519, InteropCase.ED448);
    }

    // ---------------------------------------------------------------- Signet signs, JJWT verifies

    @ParameterizedTest(name = "{0}: Signet signs, JJWT verifies")
    @MethodSource("cases")
    void signetSignsJjwtVerifies(InteropCase c) throws Exception {
        AccessToken expected = AccessToken.fresh(c);
        String token = SignetSide.sign(c, expected);

        JwtParser jjwt = parser(c, Jwks.setParser().build().parse(SignetSide.publishedJwks(c)));
        Jws<Claims> jws = jjwt.parseSignedClaims(token);
        JwsHeader header = jws.getHeader();
        Claims claims = jws.getPayload();

        assertThat(header.getAlgorithm()).as("alg").isEqualTo(c.alg().identifier());
        assertThat(header.getType()).as("typ").isEqualTo(AccessToken.TYPE);
        assertThat(header.getKeyId()).as("kid").isEqualTo(SignetSide.key(c).keyId());
        assertThat(claims.getIssuer()).as("iss").isEqualTo(expected.issuer());
        assertThat(claims.getSubject()).as("sub").isEqualTo(expected.subject());
        assertThat(claims.getAudience()).as("aud").containsExactlyInAnyOrderElementsOf(expected.audience());
        assertThat(claims.getIssuedAt()).as("iat").isEqualTo(Date.from(expected.issuedAt()));
        assertThat(claims.getExpiration()).as("exp").isEqualTo(Date.from(expected.expiresAt()));
        assertThat(claims.getId()).as("jti").isEqualTo(expected.jwtId());
        assertThat(claims.get("scope", String.class)).as("scope").isEqualTo(expected.scope());
        assertThat(claims.get("client_id", String.class)).as("client_id").isEqualTo(expected.clientId());
        assertThat(claims.get("mfa", Boolean.class)).as("mfa").isEqualTo(expected.mfa());
        List<?> roles = claims.get("roles", List.class);
        assertThat(roles).as("roles").isEqualTo(expected.roles());
        assertThat(claims.get("name", String.class)).as("name").isEqualTo(expected.name());

        String forged = SignetSide.withOtherSubject(token);
        assertThatThrownBy(() -> jjwt.parseSignedClaims(forged))
                .as("JJWT on a token whose payload was changed")
                .isInstanceOf(SignatureException.class);
    }

    // ---------------------------------------------------------------- JJWT signs, Signet verifies

    @ParameterizedTest(name = "{0}: JJWT signs, Signet verifies")
    @MethodSource("cases")
    @SuppressWarnings({"unchecked", "rawtypes", "deprecation"}) // single(): JJWT's one way to write aud as a string
    void jjwtSignsSignetVerifies(InteropCase c) throws Exception {
        io.jsonwebtoken.security.Jwk<?> key = jjwtKey(c);
        AccessToken t = AccessToken.fresh(c);
        Key signingKey = c.isHmac() ? key.toKey() : ((PrivateJwk<?, ?, ?>) key).toKey();
        JwtBuilder builder = Jwts.builder()
                .header()
                .keyId(key.getId())
                .type(AccessToken.TYPE)
                .and()
                .issuer(t.issuer())
                .subject(t.subject());
        if (t.singleAudience() != null) {
            builder.audience().single(t.singleAudience());
        } else {
            builder.audience().add(t.audience()).and();
        }
        String token = builder.issuedAt(Date.from(t.issuedAt()))
                .expiration(Date.from(t.expiresAt()))
                .id(t.jwtId())
                .claim("scope", t.scope())
                .claim("client_id", t.clientId())
                .claim("mfa", t.mfa())
                .claim("roles", t.roles())
                .claim("name", t.name())
                .signWith(signingKey, (SecureDigestAlgorithm) algorithm(c))
                .compact();

        String published = "{\"keys\":["
                + (c.isHmac() ? Jwks.UNSAFE_JSON(key) : Jwks.json(((PrivateJwk<?, ?, ?>) key).toPublicJwk())) + "]}";
        SignetSide.verifyPeerToken(c, published, token, t, key.getId());
    }

    // ---------------------------------------------------------------- JWKs

    @ParameterizedTest(name = "{0}: JJWT reads Signet's JWK")
    @MethodSource("cases")
    void jjwtReadsSignetJwk(InteropCase c) throws Exception {
        Jwk signet = SignetSide.key(c);
        io.jsonwebtoken.security.Jwk<?> jjwt = Jwks.parser().build().parse(SignetSide.verificationJwk(c));
        assertThat(jjwt.getType()).as("kty").isEqualTo(c.keyType().identifier());
        assertThat(jjwt.getId()).as("kid").isEqualTo(signet.keyId());
        assertThat(jjwt.getAlgorithm()).as("alg").isEqualTo(c.alg().identifier());
        assertThat(jjwt.thumbprint().toString()).as("RFC 7638 thumbprint").isEqualTo(signet.thumbprint());
        if (c.isHmac()) {
            assertThat(jjwt).isInstanceOf(SecretJwk.class);
            SignetSide.assertSamePrivateKey(jjwt.toKey(), signet.secretKey());
            return;
        }
        assertThat(jjwt).isInstanceOf(PublicJwk.class);
        assertThat(((PublicJwk<?>) jjwt).getPublicKeyUse()).as("use").isEqualTo("sig");
        SignetSide.assertSamePublicKey((java.security.PublicKey) jjwt.toKey(), signet.publicKey());

        io.jsonwebtoken.security.Jwk<?> priv = Jwks.parser().build().parse(signet.toJson());
        assertThat(priv).isInstanceOf(PrivateJwk.class);
        assertThat(priv.thumbprint().toString())
                .as("RFC 7638 thumbprint of the private JWK")
                .isEqualTo(signet.thumbprint());
        SignetSide.assertSamePrivateKey(priv.toKey(), signet.privateKey());
        SignetSide.assertSamePublicKey(
                ((PrivateJwk<?, ?, ?>) priv).toPublicJwk().toKey(), signet.publicKey());
    }

    @ParameterizedTest(name = "{0}: Signet reads JJWT's JWK")
    @MethodSource("cases")
    void signetReadsJjwtJwk(InteropCase c) throws Exception {
        io.jsonwebtoken.security.Jwk<?> key = jjwtKey(c);
        String thumbprint = key.thumbprint().toString();
        if (c.isHmac()) {
            SignetSide.assertSignetReadsPeerJwk(
                    c, null, Jwks.UNSAFE_JSON(key), key.getId(), thumbprint, null, key.toKey());
            return;
        }
        PrivateJwk<?, ?, ?> priv = (PrivateJwk<?, ?, ?>) key;
        SignetSide.assertSignetReadsPeerJwk(
                c,
                Jwks.json(priv.toPublicJwk()),
                Jwks.UNSAFE_JSON(priv),
                priv.getId(),
                thumbprint,
                priv.toPublicJwk().toKey(),
                priv.toKey());
    }

    // ---------------------------------------------------------------- JJWT side

    private static SecureDigestAlgorithm<?, ?> algorithm(InteropCase c) {
        return Jwts.SIG.get().forKey(c.alg().identifier());
    }

    /** A JJWT parser as a JJWT resource server configures it. */
    private static JwtParser parser(InteropCase c, JwkSet keys) {
        return Jwts.parser()
                .sig()
                .clear()
                .add(algorithm(c))
                .and()
                .keyLocator(header -> {
                    String kid = ((ProtectedHeader) header).getKeyId();
                    for (io.jsonwebtoken.security.Jwk<?> k : keys) {
                        if (k.getId().equals(kid)) {
                            return k.toKey();
                        }
                    }
                    throw new IllegalStateException("no key " + kid);
                })
                .requireIssuer(AccessToken.ISSUER)
                .requireAudience(AccessToken.API)
                .build();
    }

    /**
     * The JJWT-generated key of a case, as a JJWT JWK: {@code alg}, {@code use: sig} (public
     * keys), {@code kid} = thumbprint. JJWT's own generators: {@code Jwts.SIG.X.key()/keyPair()}
     * and {@code Jwks.CRV} for the Edwards curves (JJWT's EdDSA default would be Ed448).
     */
    private static synchronized io.jsonwebtoken.security.Jwk<?> jjwtKey(InteropCase c) {
        io.jsonwebtoken.security.Jwk<?> key = JJWT_KEYS.get(c);
        if (key != null) {
            return key;
        }
        String alg = c.alg().identifier();
        switch (c.keyType()) {
            case OCT -> {
                SecretKey secret = ((io.jsonwebtoken.security.MacAlgorithm) algorithm(c))
                        .key()
                        .build();
                key = Jwks.builder()
                        .key(secret)
                        .algorithm(alg)
                        .idFromThumbprint()
                        .build();
            }
            case RSA -> {
                // One modulus for all RSA cases, each JWK with its own alg (key generation is slow).
                KeyPair pair = c.alg() == JwsAlgorithm.RS256
                        ? Jwts.SIG.RS256.keyPair().build()
                        : ((PrivateJwk<?, ?, ?>) jjwtKey(InteropCase.of(JwsAlgorithm.RS256)))
                                .toKeyPair()
                                .toJavaKeyPair();
                key = Jwks.builder()
                        .rsaKeyPair(pair)
                        .algorithm(alg)
                        .publicKeyUse("sig")
                        .idFromThumbprint()
                        .build();
            }
            case EC -> {
                KeyPair pair = SignetSide.withLeadingZeroX(
                        c,
                        () -> ((io.jsonwebtoken.security.SignatureAlgorithm) algorithm(c))
                                .keyPair()
                                .build(),
                        KeyPair::getPublic);
                key = Jwks.builder()
                        .ecKeyPair(pair)
                        .algorithm(alg)
                        .publicKeyUse("sig")
                        .idFromThumbprint()
                        .build();
            }
            default -> {
                KeyPair pair = (c.curve() == Curve.ED448 ? Jwks.CRV.Ed448 : Jwks.CRV.Ed25519)
                        .keyPair()
                        .build();
                key = Jwks.builder()
                        .octetKeyPair(pair)
                        .algorithm(alg)
                        .publicKeyUse("sig")
                        .idFromThumbprint()
                        .build();
            }
        }
        JJWT_KEYS.put(c, key);
        return key;
    }
}
