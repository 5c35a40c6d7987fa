package dev.signet.jose.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.jose.Base64Url;
import dev.signet.jose.JoseException;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.Jwt;
import dev.signet.jose.JwtSigner;
import dev.signet.jose.JwtVerifier;
import dev.signet.jose.KeySource;
import dev.signet.jose.KeyType;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.SecretKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** Signet's half of every interop test: its keys, its signer, its fully checking verifier. */
final class SignetSide {

    /** Pinned where a case needs it (ES256K), never added to the JVM's provider list. */
    static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    /**
     * One key per case for the whole run. The RSA cases share one modulus (each JWK with its own
     * {@code alg}): RSA key generation would otherwise dominate the suite's time.
     */
    private static final Map<InteropCase, Jwk> KEYS = new HashMap<>();

    private SignetSide() {}

    /**
     * The private (or secret) Signet key for a case, as an issuer would hold it: {@code alg},
     * {@code use: sig} and {@code kid} = RFC 7638 thumbprint.
     */
    static synchronized Jwk key(InteropCase c) {
        Jwk key = KEYS.get(c);
        if (key == null) {
            key = generate(c);
            KEYS.put(c, key);
        }
        return key;
    }

    private static Jwk generate(InteropCase c) {
        try {
            Jwk key;
            if (c.needsBouncyCastle()) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BOUNCY_CASTLE);
                g.initialize(new ECGenParameterSpec(c.curve().jcaName()));
                key = Jwk.fromKeyPair(withLeadingZeroX(c, g::generateKeyPair, KeyPair::getPublic));
            } else if (c.keyType() == KeyType.EC) {
                return withLeadingZeroX(c, () -> Jwk.generate(c.alg()), Jwk::publicKey);
            } else if (c.alg() == JwsAlgorithm.EDDSA) {
                key = Jwk.generate(c.curve());
            } else if (c.keyType() == KeyType.RSA) {
                key = c.alg() == JwsAlgorithm.RS256 ? Jwk.generate(c.alg()) : key(InteropCase.of(JwsAlgorithm.RS256));
            } else {
                return Jwk.generate(c.alg());
            }
            key = key.withAlgorithm(c.alg().identifier()).withUse("sig");
            return key.withKeyId(key.thumbprint());
        } catch (JoseException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a Signet key for " + c, e);
        }
    }

    /** A generator of keys that may fail. */
    @FunctionalInterface
    interface Generator<T> {
        T generate() throws Exception;
    }

    /**
     * Generates EC keys until one has an {@code x} coordinate whose first byte is zero. RFC 7518
     * §6.2.1.2 wants coordinates full length, and RFC 7638 hashes their encoding: a library that
     * writes or re-encodes them minimally breaks parsing and thumbprints only on such keys, about
     * one in 256 (P-521: one in two), so every EC case here uses one.
     */
    static <T> T withLeadingZeroX(InteropCase c, Generator<T> generator, Function<T, PublicKey> publicKey) {
        int length = c.curve().coordinateLength();
        for (int i = 0; i < 20_000; i++) {
            T key;
            try {
                key = generator.generate();
            } catch (Exception e) {
                throw new IllegalStateException("cannot generate a key for " + c, e);
            }
            if (((ECPublicKey) publicKey.apply(key)).getW().getAffineX().bitLength() <= 8 * (length - 1)) {
                return key;
            }
        }
        throw new IllegalStateException("no " + c.curve().identifier() + " key with a leading zero byte in x");
    }

    /** The JWK Set an issuer publishes (public members only); for HMAC the shared secret's JWK. */
    static String publishedJwks(InteropCase c) {
        Jwk key = key(c);
        return JwkSet.of(c.isHmac() ? key : key.toPublicJwk()).toJson();
    }

    /** The JWK a verifier of this case gets: the public JWK, or the secret for HMAC. */
    static String verificationJwk(InteropCase c) {
        Jwk key = key(c);
        return (c.isHmac() ? key : key.toPublicJwk()).toJson();
    }

    static String sign(InteropCase c, AccessToken token) throws JoseException {
        JwtSigner.Builder b = JwtSigner.builder(key(c)).algorithm(c.alg()).type(AccessToken.TYPE);
        if (c.needsBouncyCastle()) {
            b.provider(BOUNCY_CASTLE);
        }
        return b.build().sign(token.toSignetClaims());
    }

    /**
     * Signet's verifier as a resource server configures it: the keys, issuer and audience, the
     * one algorithm of the case, {@code typ at+jwt} and the access-token claims required.
     */
    static JwtVerifier verifier(InteropCase c, JwkSet keys) {
        JwtVerifier.Builder b = JwtVerifier.builder(KeySource.of(keys))
                .issuer(AccessToken.ISSUER)
                .audience(AccessToken.API)
                .type(AccessToken.TYPE)
                .algorithms(c.alg())
                .requireClaims(AccessToken.REQUIRED);
        if (c.needsBouncyCastle()) {
            b.provider(BOUNCY_CASTLE);
        }
        return b.build();
    }

    /** Verifies a peer's token with {@link #verifier}, checks header and claims, and a tampered copy. */
    static Jwt verifyPeerToken(InteropCase c, String peerJwks, String token, AccessToken expected, String kid)
            throws JoseException {
        JwkSet keys = JwkSet.parse(peerJwks);
        assertThat(keys.skipped())
                .as("keys of the peer's JWK Set that Signet skipped")
                .isEmpty();
        JwtVerifier verifier = verifier(c, keys);
        Jwt jwt = verifier.verify(token);
        assertThat(jwt.header().algorithm()).as("alg").isEqualTo(c.alg().identifier());
        assertThat(jwt.header().type()).as("typ").isEqualTo(AccessToken.TYPE);
        assertThat(jwt.header().keyId()).as("kid").isEqualTo(kid);
        assertThat(jwt.key().keyId()).as("key that verified").isEqualTo(kid);
        expected.assertReadBySignet(jwt.claims());

        String forged = withOtherSubject(token);
        assertThatThrownBy(() -> verifier.verify(forged))
                .as("a token whose payload was changed")
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(JoseException.Reason.BAD_SIGNATURE));
        return jwt;
    }

    /** The token with its payload re-encoded for another subject and the original signature kept. */
    static String withOtherSubject(String token) {
        String[] parts = token.split("\\.", -1);
        try {
            String payload = new String(Base64Url.decode(parts[1]), StandardCharsets.UTF_8);
            String changed = payload.replace("\"user-8f14e45f-ceea-467a\"", "\"admin-0000\"");
            assertThat(changed).as("payload names the subject to change").isNotEqualTo(payload);
            return parts[0] + "." + Base64Url.encode(changed.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        } catch (JoseException e) {
            throw new AssertionError("payload is not Base64URL", e);
        }
    }

    /**
     * Signet parses a peer's JWK JSON: the private (or secret) JWK and, for asymmetric keys, the
     * public one. Each must hold the peer's key, keep its {@code kid}, and have the peer's
     * RFC 7638 thumbprint.
     *
     * @param publicJson null for HMAC
     * @param publicKey null for HMAC
     */
    static void assertSignetReadsPeerJwk(
            InteropCase c,
            String publicJson,
            String privateJson,
            String kid,
            String peerThumbprint,
            PublicKey publicKey,
            Key privateKey)
            throws JoseException {
        Jwk priv = Jwk.parse(privateJson);
        assertThat(priv.keyType()).as("kty").isEqualTo(c.keyType());
        assertThat(priv.isPrivate())
                .as("private JWK holds private key material")
                .isTrue();
        assertThat(priv.keyId()).as("kid").isEqualTo(kid);
        assertThat(priv.thumbprint())
                .as("RFC 7638 thumbprint of the private JWK")
                .isEqualTo(peerThumbprint);
        assertSamePrivateKey(c.isHmac() ? priv.secretKey() : priv.privateKey(), privateKey);
        if (c.isHmac()) {
            return;
        }
        assertThat(priv.curve()).as("crv").isEqualTo(c.curve());
        assertSamePublicKey(priv.publicKey(), publicKey);

        Jwk pub = Jwk.parse(publicJson);
        assertThat(pub.isPrivate()).as("public JWK holds private key material").isFalse();
        assertThat(pub.keyId()).as("kid").isEqualTo(kid);
        assertThat(pub.thumbprint()).as("RFC 7638 thumbprint of the public JWK").isEqualTo(peerThumbprint);
        assertSamePublicKey(pub.publicKey(), publicKey);
        assertThat(priv.toPublicJwk())
                .as("Signet's public view of the peer's private JWK")
                .isEqualTo(pub);
    }

    // ---------------------------------------------------------------- key comparison

    /** Both public keys have the same X.509 SubjectPublicKeyInfo encoding. */
    static void assertSamePublicKey(PublicKey actual, PublicKey expected) {
        assertThat(actual).as("public key").isNotNull();
        assertThat(actual.getEncoded())
                .as("SubjectPublicKeyInfo of the " + expected.getAlgorithm() + " public key")
                .isEqualTo(expected.getEncoded());
    }

    /**
     * Both private keys hold the same secret value. Compared by value, not by PKCS#8 bytes: an
     * encoding may or may not carry the optional public key or CRT members.
     */
    static void assertSamePrivateKey(Key actual, Key expected) {
        assertThat(actual).as("private key").isNotNull();
        if (expected instanceof RSAPrivateKey e) {
            assertThat(actual).isInstanceOf(RSAPrivateKey.class);
            RSAPrivateKey a = (RSAPrivateKey) actual;

            assertThat(a.getModulus()).as("RSA n").isEqualTo(e.getModulus());
            assertThat(a.getPrivateExponent()).as("RSA d").isEqualTo(e.getPrivateExponent());
            if (a instanceof RSAPrivateCrtKey ac && e instanceof RSAPrivateCrtKey ec) {

                assertThat(ac.getPrimeP()).as("RSA p").isEqualTo(ec.getPrimeP());
                assertThat(ac.getPrimeQ()).as("RSA q").isEqualTo(ec.getPrimeQ());
                assertThat(ac.getCrtCoefficient()).as("RSA qi").isEqualTo(ec.getCrtCoefficient());
            }
        } else if (expected instanceof ECPrivateKey eCPrivateKey) {
            assertThat(actual).isInstanceOf(ECPrivateKey.class);
            assertThat(((ECPrivateKey) actual).getS()).as("EC d").isEqualTo(eCPrivateKey.getS());
            assertThat(((ECPrivateKey) actual).getParams().getOrder())
                    .as("EC group order")
                    .isEqualTo(eCPrivateKey.getParams().getOrder());
        } else if (expected instanceof EdECPrivateKey edECPrivateKey) {
            assertThat(actual).isInstanceOf(EdECPrivateKey.class);
            assertThat(((EdECPrivateKey) actual).getParams().getName())
                    .as("curve")
                    .isEqualTo(edECPrivateKey.getParams().getName());
            assertThat(((EdECPrivateKey) actual).getBytes().orElseThrow())
                    .as("EdDSA private key")
                    .isEqualTo(edECPrivateKey.getBytes().orElseThrow());
        } else if (expected instanceof SecretKey) {
            assertThat(actual).isInstanceOf(SecretKey.class);
            assertThat(actual.getEncoded()).as("secret").isEqualTo(expected.getEncoded());
        } else {
            throw new AssertionError("no comparison for " + expected.getClass());
        }
    }

    /** The raw public key of an OKP (Ed25519/Ed448) JCA key: the BIT STRING at the end of its SPKI. */
    static byte[] rawOkpPublic(PublicKey key, int length) {
        byte[] spki = key.getEncoded();
        return Arrays.copyOfRange(spki, spki.length - length, spki.length);
    }
}
