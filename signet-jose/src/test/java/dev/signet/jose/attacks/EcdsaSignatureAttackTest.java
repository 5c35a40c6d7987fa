package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.BAD_SIGNATURE;
import static dev.signet.jose.attacks.Forge.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.JoseException;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.Jwt;
import dev.signet.jose.JwtVerifier;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ECDSA signatures as JWS carries them: fixed-width {@code R‖S} (RFC 7518 §3.4).
 *
 * <p>"Psychic signatures" (CVE-2022-21449): {@code r = s = 0} verified for every message on
 * affected JDKs. Signet checks {@code 1 ≤ r, s < n} itself before any provider sees the values.
 *
 * <p>Malleability: {@code (r, n − s)} is a second valid signature of the same message. JWS (RFC
 * 7518 §3.4) does not require low-s, and other JOSE implementations emit high-s, so Signet accepts
 * it — deterministically, with the same claims. Consequence: the signature bytes do not identify a
 * token; replay caches must key on {@code jti} (or the signing input), never on the signature.
 */
class EcdsaSignatureAttackTest {

    private static final Map<JwsAlgorithm, Jwk> KEYS = new LinkedHashMap<>();

    private static Jwk key(JwsAlgorithm alg) {
        return KEYS.computeIfAbsent(
                alg, a -> TrustedIssuer.unchecked(() -> Jwk.generate(a).withKeyId("ec")));
    }

    private static String token(JwsAlgorithm alg) {
        return TrustedIssuer.signed(key(alg), TrustedIssuer.claims().build());
    }

    private static JwtVerifier verifier(JwsAlgorithm alg) {
        return TrustedIssuer.verifier(key(alg)).build();
    }

    private static BigInteger order(JwsAlgorithm alg) {
        return alg.curve().ecParameters().getOrder();
    }

    private static byte[] fixed(BigInteger v, int len) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[len];
        int n = Math.min(b.length, len);
        System.arraycopy(b, b.length - n, out, len - n, n);
        return out;
    }

    private static byte[] rs(BigInteger r, BigInteger s, int len) {
        byte[] out = new byte[2 * len];
        System.arraycopy(fixed(r, len), 0, out, 0, len);
        System.arraycopy(fixed(s, len), 0, out, len, len);
        return out;
    }

    /** The token's signature as {@code {r, s}}. */
    private static BigInteger[] rAndS(String token, int len) throws JoseException {
        byte[] sig = Forge.signatureOf(token);
        return new BigInteger[] {
            new BigInteger(1, Arrays.copyOfRange(sig, 0, len)), new BigInteger(1, Arrays.copyOfRange(sig, len, 2 * len))
        };
    }

    /** The token with its signature replaced by {@code (r, s)}. */
    private static String withRs(String token, BigInteger r, BigInteger s, int len) {
        return Forge.withPart(token, 2, Forge.b64(rs(r, s, len)));
    }

    @ParameterizedTest
    @EnumSource(
            value = JwsAlgorithm.class,
            names = {"ES256", "ES384", "ES512"})
    void rejectsPsychicSignatureRZeroSZero(JwsAlgorithm alg) {
        int len = alg.curve().coordinateLength();
        String forged = withRs(token(alg), BigInteger.ZERO, BigInteger.ZERO, len);
        rejects(BAD_SIGNATURE, () -> verifier(alg).verify(forged));
        // And with no token of the issuer at all: any claims, any header, all-zero R‖S.
        String fromScratch =
                Forge.token("{\"alg\":\"" + alg.identifier() + "\"}", TrustedIssuer.claimsJson(), new byte[2 * len]);
        rejects(BAD_SIGNATURE, () -> verifier(alg).verify(fromScratch));
    }

    @ParameterizedTest
    @EnumSource(
            value = JwsAlgorithm.class,
            names = {"ES256", "ES384", "ES512"})
    void rejectsPsychicSignatureREqualsSEqualsOrder(JwsAlgorithm alg) {
        // n ≡ 0 (mod n): the same degenerate signature as r = s = 0, written differently.
        BigInteger n = order(alg);
        rejects(
                BAD_SIGNATURE,
                () -> verifier(alg).verify(withRs(token(alg), n, n, alg.curve().coordinateLength())));
    }

    @ParameterizedTest
    @EnumSource(
            value = JwsAlgorithm.class,
            names = {"ES256", "ES384", "ES512"})
    void rejectsROrSAtOrAboveTheOrder(JwsAlgorithm alg) throws Exception {
        String token = token(alg);
        int len = alg.curve().coordinateLength();
        BigInteger[] rs = rAndS(token, len);
        BigInteger r = rs[0];
        BigInteger s = rs[1];
        BigInteger n = order(alg);
        BigInteger max = BigInteger.ONE.shiftLeft(8 * len).subtract(BigInteger.ONE);
        JwtVerifier v = verifier(alg);
        for (BigInteger[] pair : new BigInteger[][] {
            {n, s},
            {r, n},
            {n.add(BigInteger.ONE), s},
            {r, n.add(BigInteger.ONE)},
            {max, s},
            {r, max},
            {max, max},
            {BigInteger.ZERO, s},
            {r, BigInteger.ZERO}
        }) {
            rejects(BAD_SIGNATURE, () -> v.verify(withRs(token, pair[0], pair[1], len)));
        }
        // Where r + n or s + n still fits the width, the value congruent mod n is refused too.
        if (s.add(n).compareTo(max) <= 0) {
            rejects(BAD_SIGNATURE, () -> v.verify(withRs(token, r, s.add(n), len)));
        }
        if (r.add(n).compareTo(max) <= 0) {
            rejects(BAD_SIGNATURE, () -> v.verify(withRs(token, r.add(n), s, len)));
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = JwsAlgorithm.class,
            names = {"ES256", "ES384", "ES512"})
    void rejectsInRangeButInvalidSignatures(JwsAlgorithm alg) {
        int len = alg.curve().coordinateLength();
        BigInteger nMinus1 = order(alg).subtract(BigInteger.ONE);
        for (BigInteger[] pair :
                new BigInteger[][] {{BigInteger.ONE, BigInteger.ONE}, {nMinus1, nMinus1}, {BigInteger.ONE, nMinus1}}) {
            rejects(BAD_SIGNATURE, () -> verifier(alg).verify(withRs(token(alg), pair[0], pair[1], len)));
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = JwsAlgorithm.class,
            names = {"ES256", "ES384", "ES512"})
    void acceptsMalleatedHighSSignatureDeterministically(JwsAlgorithm alg) throws Exception {
        String token = token(alg);
        int len = alg.curve().coordinateLength();
        BigInteger[] rs = rAndS(token, len);
        String malleated = withRs(token, rs[0], order(alg).subtract(rs[1]), len);
        assertThat(malleated).isNotEqualTo(token);
        JwtVerifier v = verifier(alg);
        Jwt original = v.verify(token);
        for (int i = 0; i < 5; i++) {
            Jwt again = v.verify(malleated);
            assertThat(again.claims()).isEqualTo(original.claims());
            assertThat(v.verify(token).claims()).isEqualTo(original.claims());
        }
    }
}
