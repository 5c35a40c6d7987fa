package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.BAD_SIGNATURE;
import static dev.signet.jose.attacks.Forge.rejects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtVerifier;
import dev.signet.jose.KeyType;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Empty, truncated, extended and re-encoded signatures, for every algorithm this runtime offers.
 * A truncated MAC is the classic one (a verifier comparing only the given prefix accepts a 1-byte
 * guess); a leading zero on an RSA signature or a DER-encoded ECDSA signature are the lenient-parser
 * ones. Each is BAD_SIGNATURE.
 */
class SignatureLengthAttackTest {

    private static final Map<JwsAlgorithm, Jwk> KEYS = new LinkedHashMap<>();

    private static Jwk key(JwsAlgorithm alg) {
        return KEYS.computeIfAbsent(
                alg,
                a -> TrustedIssuer.unchecked(() -> a.keyType() == KeyType.RSA
                        ? TrustedIssuer.RSA.withAlgorithm(a.identifier())
                        : Jwk.generate(a)));
    }

    private static JwtVerifier verifier(JwsAlgorithm alg) {
        return TrustedIssuer.verifier(key(alg)).build();
    }

    private static String validToken(JwsAlgorithm alg) throws Exception {
        String token = TrustedIssuer.signed(key(alg), TrustedIssuer.claims().build());
        assertThat(verifier(alg).verify(token).claims().subject()).isEqualTo("alice");
        return token;
    }

    private static String withSignature(String token, byte[] sig) {
        return Forge.withPart(token, 2, Forge.b64(sig));
    }

    @ParameterizedTest
    @EnumSource(JwsAlgorithm.class)
    void rejectsEmptySignature(JwsAlgorithm alg) throws Exception {
        assumeTrue(alg.isAvailable(), alg + " is not available on this runtime");
        String token = validToken(alg);
        rejects(BAD_SIGNATURE, () -> verifier(alg).verify(Forge.withPart(token, 2, "")));
    }

    @ParameterizedTest
    @EnumSource(JwsAlgorithm.class)
    void rejectsTruncatedSignature(JwsAlgorithm alg) throws Exception {
        assumeTrue(alg.isAvailable(), alg + " is not available on this runtime");
        String token = validToken(alg);
        byte[] sig = Forge.signatureOf(token);
        for (int len : new int[] {1, sig.length / 2, sig.length - 1}) {
            rejects(BAD_SIGNATURE, () -> verifier(alg).verify(withSignature(token, Arrays.copyOf(sig, len))));
        }
    }

    @ParameterizedTest
    @EnumSource(JwsAlgorithm.class)
    void rejectsExtendedSignature(JwsAlgorithm alg) throws Exception {
        assumeTrue(alg.isAvailable(), alg + " is not available on this runtime");
        String token = validToken(alg);
        byte[] sig = Forge.signatureOf(token);
        byte[] trailingZero = Arrays.copyOf(sig, sig.length + 1);
        byte[] leadingZero = new byte[sig.length + 1];
        System.arraycopy(sig, 0, leadingZero, 1, sig.length);
        byte[] doubled = Arrays.copyOf(sig, 2 * sig.length);
        System.arraycopy(sig, 0, doubled, sig.length, sig.length);
        for (byte[] longer : new byte[][] {trailingZero, leadingZero, doubled}) {
            rejects(BAD_SIGNATURE, () -> verifier(alg).verify(withSignature(token, longer)));
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = JwsAlgorithm.class,
            names = {"ES256", "ES384", "ES512"})
    void rejectsDerEncodedEcdsaSignature(JwsAlgorithm alg) throws Exception {
        // Valid ECDSA, wrong JWS encoding: RFC 7518 §3.4 requires R‖S, not ASN.1 DER.
        String token = validToken(alg);
        byte[] sig = Forge.signatureOf(token);
        int n = sig.length / 2;
        byte[] der =
                der(new BigInteger(1, Arrays.copyOf(sig, n)), new BigInteger(1, Arrays.copyOfRange(sig, n, 2 * n)));
        rejects(BAD_SIGNATURE, () -> verifier(alg).verify(withSignature(token, der)));
    }

    @ParameterizedTest
    @EnumSource(
            value = JwsAlgorithm.class,
            names = {"HS256", "HS384", "HS512"})
    void rejectsMacDifferingInOnlyTheFirstOrTheLastByte(JwsAlgorithm alg) throws Exception {
        String token = validToken(alg);
        byte[] sig = Forge.signatureOf(token);
        for (int at : new int[] {0, sig.length - 1}) {
            byte[] flipped = sig.clone();
            flipped[at] ^= 1;
            rejects(BAD_SIGNATURE, () -> verifier(alg).verify(withSignature(token, flipped)));
        }
    }

    private static byte[] der(BigInteger r, BigInteger s) {
        byte[] ri = r.toByteArray();
        byte[] si = s.toByteArray();
        int body = 2 + ri.length + 2 + si.length;
        boolean longForm = body >= 128;
        byte[] out = new byte[(longForm ? 3 : 2) + body];
        int o = 0;
        out[o++] = 0x30;
        if (longForm) {
            out[o++] = (byte) 0x81;
        }
        out[o++] = (byte) body;
        out[o++] = 0x02;
        out[o++] = (byte) ri.length;
        System.arraycopy(ri, 0, out, o, ri.length);
        o += ri.length;
        out[o++] = 0x02;
        out[o++] = (byte) si.length;
        System.arraycopy(si, 0, out, o, si.length);
        return out;
    }
}
