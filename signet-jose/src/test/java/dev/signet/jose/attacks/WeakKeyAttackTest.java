package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.KEY_NOT_FOUND;
import static dev.signet.jose.JoseException.Reason.KEY_REJECTED;
import static dev.signet.jose.attacks.Forge.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.Base64Url;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwsSigner;
import dev.signet.jose.JwtVerifier;
import dev.signet.jose.KeySource;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Keys too weak to trust (RFC 7518 §3.2: an HMAC key at least as long as the hash; §3.3: RSA at
 * least 2048 bits) and EC public keys off their curve (invalid-curve attacks recover the private
 * key through ECDH; for ECDSA an off-curve point is simply not a key). Refused for signing and for
 * verifying.
 */
class WeakKeyAttackTest {

    private static Jwk rsa1024() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(new RSAKeyGenParameterSpec(1024, RSAKeyGenParameterSpec.F4));
        KeyPair kp = g.generateKeyPair();
        return Jwk.fromKeyPair(kp).withKeyId("weak").withAlgorithm("RS256");
    }

    @Test
    void rejectsSigningWithRsa1024() throws Exception {
        Jwk weak = rsa1024();
        rejects(KEY_REJECTED, () -> JwsSigner.builder(weak).build());
    }

    @Test
    void rejectsVerifyingWithRsa1024() throws Exception {
        Jwk weak = rsa1024();
        String token = Forge.signed(
                Forge.signingInput("{\"alg\":\"RS256\",\"kid\":\"weak\"}", TrustedIssuer.claimsJson()),
                JwsAlgorithm.RS256,
                weak.privateKey());
        String detail = rejects(
                        KEY_REJECTED, () -> TrustedIssuer.verifier(weak).build().verify(token))
                .detail();
        assertThat(detail).contains("2048").contains("1024");
    }

    @ParameterizedTest
    @CsvSource({"HS256,31", "HS256,16", "HS384,47", "HS384,32", "HS512,63", "HS512,32", "HS256,1"})
    void rejectsHmacKeyShorterThanTheHash(JwsAlgorithm alg, int bytes) throws Exception {
        byte[] secret = Arrays.copyOf(TrustedIssuer.SECRET, bytes);
        Jwk shortKey = Jwk.fromSecret(secret).withKeyId("short");
        rejects(KEY_REJECTED, () -> JwsSigner.builder(shortKey).algorithm(alg).build());
        String token = Forge.hmac(
                alg, secret, "{\"alg\":\"" + alg.identifier() + "\",\"kid\":\"short\"}", TrustedIssuer.claimsJson());
        rejects(KEY_REJECTED, () -> TrustedIssuer.verifier(shortKey).build().verify(token));
    }

    @Test
    void rejectsEmptyHmacKey() {
        rejects(KEY_REJECTED, () -> Jwk.parse("{\"kty\":\"oct\",\"k\":\"\"}"));
    }

    private static String ecJwk(String x, String y) {
        return "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"bad\",\"x\":\"" + x + "\",\"y\":\"" + y + "\"}";
    }

    @Test
    void rejectsEcPointNotOnTheCurve() throws Exception {
        String x = (String) TrustedIssuer.EC.members().get("x");
        byte[] y = Base64Url.decode((String) TrustedIssuer.EC.members().get("y"));
        y[31] ^= 1;
        rejects(KEY_REJECTED, () -> Jwk.parse(ecJwk(x, Forge.b64(y))));
        // The same key with the issuer's own y is fine: only the point changed.
        Jwk.parse(ecJwk(x, (String) TrustedIssuer.EC.members().get("y")));
    }

    @Test
    void rejectsEcPointsChosenForInvalidCurveAttacks() {
        byte[] zero = new byte[32];
        byte[] p = new BigInteger("FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF", 16).toByteArray();
        byte[] pBytes = Arrays.copyOfRange(p, p.length - 32, p.length);
        String valid = (String) TrustedIssuer.EC.members().get("y");
        for (String jwk : new String[] {
            ecJwk(Forge.b64(zero), Forge.b64(zero)), // (0, 0): the "point at infinity" encoding
            ecJwk(Forge.b64(pBytes), valid), // x = p: outside the field
            ecJwk((String) TrustedIssuer.EC.members().get("x"), Forge.b64(new byte[33])), // wrong length
            ecJwk(Forge.b64(new byte[31]), valid)
        }) {
            rejects(KEY_REJECTED, () -> Jwk.parse(jwk));
        }
    }

    @Test
    void skipsOffCurveKeyInAJwkSetSoNoTokenVerifiesWithIt() throws Exception {
        byte[] yBytes = Base64Url.decode((String) TrustedIssuer.EC.members().get("y"));
        yBytes[0] ^= 0x40;
        String set = "{\"keys\":[" + ecJwk((String) TrustedIssuer.EC.members().get("x"), Forge.b64(yBytes)) + "]}";
        JwkSet parsed = JwkSet.parse(set);
        assertThat(parsed.keys()).isEmpty();
        assertThat(parsed.skipped()).singleElement().asString().contains("KEY_REJECTED");
        JwtVerifier v = JwtVerifier.builder(KeySource.of(parsed))
                .issuer(TrustedIssuer.ISSUER)
                .audience(TrustedIssuer.AUDIENCE)
                .clock(TrustedIssuer.CLOCK)
                .build();
        String token = Forge.signed(
                Forge.signingInput("{\"alg\":\"ES256\",\"kid\":\"bad\"}", TrustedIssuer.claimsJson()),
                JwsAlgorithm.ES256,
                TrustedIssuer.EC.privateKey());
        rejects(KEY_NOT_FOUND, () -> v.verify(token));
    }

    @Test
    void rejectsRsaPublicExponentOne() {
        // With e = 1 the "signature" of any message is its padded digest: anyone can forge.
        String n = (String) TrustedIssuer.RSA.members().get("n");
        rejects(KEY_REJECTED, () -> Jwk.parse("{\"kty\":\"RSA\",\"n\":\"" + n + "\",\"e\":\"AQ\"}"));
        rejects(KEY_REJECTED, () -> Jwk.parse("{\"kty\":\"RSA\",\"n\":\"" + n + "\",\"e\":\"" + n + "\"}"));
    }

    @Test
    void rejectsRsaKeyWithEvenModulusOrExponent() {
        String n = (String) TrustedIssuer.RSA.members().get("n");
        rejects(KEY_REJECTED, () -> Jwk.parse("{\"kty\":\"RSA\",\"n\":\"" + n + "\",\"e\":\"AQAA\"}"));
        byte[] nBytes = TrustedIssuer.unchecked(() -> Base64Url.decode(n));
        nBytes[nBytes.length - 1] &= (byte) 0xfe;
        rejects(KEY_REJECTED, () -> Jwk.parse("{\"kty\":\"RSA\",\"n\":\"" + Forge.b64(nBytes) + "\",\"e\":\"AQAB\"}"));
    }
}
