package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.ALG_NOT_ALLOWED;
import static dev.signet.jose.JoseException.Reason.KEY_NOT_FOUND;
import static dev.signet.jose.JoseException.Reason.KEY_REJECTED;
import static dev.signet.jose.attacks.Forge.json;
import static dev.signet.jose.attacks.Forge.rejection;
import static dev.signet.jose.attacks.Forge.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.Base64Url;
import dev.signet.jose.JoseException;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtVerifier;
import dev.signet.jose.KeySource;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HMAC/public-key confusion (CVE-2015-9235 and kin): an attacker takes the issuer's published
 * public key, uses some serialisation of it as an HMAC secret and signs {@code alg: HS256}. A
 * verifier that lets the header pick the algorithm for a key would accept it. Here an RSA or EC
 * key is never an HMAC key, whatever the header says.
 */
class KeyConfusionAttackTest {

    /** Every serialisation of a public key an attacker might try as the HMAC secret. */
    static Map<String, byte[]> secretsDerivedFrom(Jwk publicKey) throws JoseException {
        Map<String, byte[]> s = new LinkedHashMap<>();
        String pem = publicKey.toPublicPem();
        s.put("PEM text", pem.getBytes(StandardCharsets.US_ASCII));
        s.put("PEM text without final newline", pem.strip().getBytes(StandardCharsets.US_ASCII));
        s.put("PEM with CRLF", pem.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII));
        s.put("SPKI DER", publicKey.publicKey().getEncoded());
        s.put("public JWK JSON", publicKey.toJson().getBytes(StandardCharsets.UTF_8));
        s.put("JWK Set JSON", JwkSet.of(publicKey).toJson().getBytes(StandardCharsets.UTF_8));
        if (publicKey.publicKey() instanceof RSAPublicKey) {
            s.put("JWK n bytes", Base64Url.decode((String) publicKey.members().get("n")));
            s.put("JWK n text", ((String) publicKey.members().get("n")).getBytes(StandardCharsets.US_ASCII));
            s.put(
                    "modulus two's complement",
                    ((RSAPublicKey) publicKey.publicKey()).getModulus().toByteArray());
        } else {
            byte[] x = Base64Url.decode((String) publicKey.members().get("x"));
            byte[] y = Base64Url.decode((String) publicKey.members().get("y"));
            byte[] point = new byte[1 + x.length + y.length];
            point[0] = 4;
            System.arraycopy(x, 0, point, 1, x.length);
            System.arraycopy(y, 0, point, 1 + x.length, y.length);
            s.put("uncompressed point 04||x||y", point);
            s.put("JWK x bytes", x);
            s.put(
                    "affine x two's complement",
                    ((ECPublicKey) publicKey.publicKey()).getW().getAffineX().toByteArray());
        }
        return s;
    }

    static Stream<Arguments> confusedSecrets() throws JoseException {
        Stream.Builder<Arguments> out = Stream.builder();
        for (Jwk key : List.of(TrustedIssuer.RSA.toPublicJwk(), TrustedIssuer.EC.toPublicJwk())) {
            for (Map.Entry<String, byte[]> e : secretsDerivedFrom(key).entrySet()) {
                for (JwsAlgorithm hs : List.of(JwsAlgorithm.HS256, JwsAlgorithm.HS384, JwsAlgorithm.HS512)) {
                    out.add(Arguments.of(key.keyType() + " " + e.getKey() + " as " + hs, key, hs, e.getValue()));
                }
            }
        }
        return out.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("confusedSecrets")
    void rejectsHmacKeyedWithThePublicKeyNamingItsKid(String name, Jwk publicKey, JwsAlgorithm hs, byte[] secret) {
        // The attacker names the public key by its kid, so key selection lands on it.
        String token = Forge.hmac(
                hs,
                secret,
                json("{'alg':'" + hs.identifier() + "','kid':'" + publicKey.keyId() + "'}"),
                TrustedIssuer.claimsJson());
        JwtVerifier onlyThePublicKey = TrustedIssuer.verifier(publicKey).build();
        String detail =
                rejects(ALG_NOT_ALLOWED, () -> onlyThePublicKey.verify(token)).detail();
        assertThat(detail).contains("cannot be used with " + hs.identifier());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("confusedSecrets")
    void rejectsHmacKeyedWithThePublicKeyWithoutKid(String name, Jwk publicKey, JwsAlgorithm hs, byte[] secret) {
        String token = Forge.hmac(hs, secret, json("{'alg':'" + hs.identifier() + "'}"), TrustedIssuer.claimsJson());
        JwtVerifier onlyThePublicKey = TrustedIssuer.verifier(publicKey).build();
        rejects(ALG_NOT_ALLOWED, () -> onlyThePublicKey.verify(token));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("confusedSecrets")
    void rejectsHmacKeyedWithThePublicKeyUnderAnUnknownKid(String name, Jwk publicKey, JwsAlgorithm hs, byte[] secret) {
        String token = Forge.hmac(
                hs, secret, json("{'alg':'" + hs.identifier() + "','kid':'no-such-key'}"), TrustedIssuer.claimsJson());
        JwtVerifier onlyThePublicKey = TrustedIssuer.verifier(publicKey).build();
        rejects(KEY_NOT_FOUND, () -> onlyThePublicKey.verify(token));
    }

    @Test
    void rejectsHmacKeyConfusionAgainstAPublishedJwkSetAndAPemKey() throws Exception {
        // The two ways an API loads a public key: a JWKS document and a PEM file.
        Jwk rsa = TrustedIssuer.RSA.toPublicJwk();
        KeySource fromJwks = KeySource.of(
                JwkSet.parse(JwkSet.of(rsa, TrustedIssuer.EC.toPublicJwk()).toJson()));
        KeySource fromPem = KeySource.of(Jwk.fromPem(rsa.toPublicPem()));
        for (KeySource source : List.of(fromJwks, fromPem)) {
            JwtVerifier v = JwtVerifier.builder(source)
                    .issuer(TrustedIssuer.ISSUER)
                    .audience(TrustedIssuer.AUDIENCE)
                    .clock(TrustedIssuer.CLOCK)
                    .build();
            for (byte[] secret : secretsDerivedFrom(rsa).values()) {
                for (String header : List.of("{'alg':'HS256'}", "{'alg':'HS256','kid':'rsa-1'}")) {
                    String token = Forge.hmac(JwsAlgorithm.HS256, secret, json(header), TrustedIssuer.claimsJson());
                    assertThat(rejection(() -> v.verify(token)).reason()).isIn(ALG_NOT_ALLOWED, KEY_NOT_FOUND);
                }
            }
        }
    }

    @Test
    void rejectsKeySourceMixingSecretsAndPublicKeys() throws Exception {
        // A secret that sits next to public keys sits where public keys are published: the whole
        // source is refused, for HMAC and signature tokens alike, before any kid is looked at.
        JwtVerifier mixed = JwtVerifier.builder(KeySource.of(TrustedIssuer.HMAC, TrustedIssuer.RSA.toPublicJwk()))
                .issuer(TrustedIssuer.ISSUER)
                .audience(TrustedIssuer.AUDIENCE)
                .clock(TrustedIssuer.CLOCK)
                .build();
        rejects(KEY_REJECTED, () -> mixed.verify(TrustedIssuer.hs256(TrustedIssuer.claimsJson())));
        rejects(
                KEY_REJECTED,
                () -> mixed.verify(TrustedIssuer.signed(
                        TrustedIssuer.RSA, TrustedIssuer.claims().build())));
    }

    @Test
    void rejectsHmacKeyConfusionWhenTheAllowlistNamesOnlyTheKeysAlgorithm() throws Exception {
        JwtVerifier rs256Only = TrustedIssuer.verifier(TrustedIssuer.RSA)
                .algorithms(JwsAlgorithm.RS256)
                .build();
        byte[] pem = TrustedIssuer.RSA.toPublicPem().getBytes(StandardCharsets.US_ASCII);
        String token =
                Forge.hmac(JwsAlgorithm.HS256, pem, json("{'alg':'HS256','kid':'rsa-1'}"), TrustedIssuer.claimsJson());
        rejects(ALG_NOT_ALLOWED, () -> rs256Only.verify(token));
    }
}
