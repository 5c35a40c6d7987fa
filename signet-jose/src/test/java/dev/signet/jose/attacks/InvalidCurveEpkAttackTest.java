package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.KEY_REJECTED;
import static dev.signet.jose.JoseException.Reason.MALFORMED;
import static dev.signet.jose.attacks.Forge.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.Base64Url;
import dev.signet.jose.ContentEncryption;
import dev.signet.jose.Curve;
import dev.signet.jose.JoseException;
import dev.signet.jose.Jwe;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.JweDecrypter;
import dev.signet.jose.Jwk;
import dev.signet.jose.internal.json.Json;
import dev.signet.jose.internal.keys.Keys;
import java.math.BigInteger;
import java.security.spec.ECFieldFp;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invalid-curve attacks on ECDH-ES (Jager, Schwenk, Somorovsky 2015; CVE-2017-16007 and kin):
 * the sender chooses {@code epk}; a point off the recipient's curve, on another curve or of small
 * order makes the shared secret leak the recipient's private key bit by bit. Every such
 * {@code epk} is refused with KEY_REJECTED before any key agreement, so the answer never depends
 * on the recipient's key.
 */
class InvalidCurveEpkAttackTest {

    private static final JweDecrypter EC_DECRYPTER = TrustedRecipient.decrypter(
                    JweAlgorithm.ECDH_ES_A128KW, ContentEncryption.A128GCM, TrustedRecipient.EC)
            .build();
    private static final JweDecrypter X25519_DECRYPTER = TrustedRecipient.decrypter(
                    JweAlgorithm.ECDH_ES, ContentEncryption.A128GCM, TrustedRecipient.X25519)
            .build();

    /** A genuine token whose protected header gets {@code epk} replaced (the tag then fails, but later). */
    private static String withEpk(String token, Map<String, Object> epk) throws JoseException {
        Map<String, Object> header =
                new LinkedHashMap<>(Jwe.parseUnverified(token).header().members());
        if (epk == null) {
            header.remove("epk");
        } else {
            header.put("epk", epk);
        }
        return Forge.withPart(token, 0, Base64Url.encode(Json.write(header)));
    }

    private static String ecToken() {
        return TrustedRecipient.encrypt(TrustedRecipient.EC, JweAlgorithm.ECDH_ES_A128KW, ContentEncryption.A128GCM);
    }

    private static Map<String, Object> ecPoint(String crv, BigInteger x, BigInteger y, int length) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kty", "EC");
        m.put("crv", crv);
        m.put("x", Base64Url.encode(Keys.fixed(x, length)));
        m.put("y", Base64Url.encode(Keys.fixed(y, length)));
        return m;
    }

    @Test
    void theGenuineTokenDecrypts() throws JoseException {
        assertThat(EC_DECRYPTER.decrypt(ecToken()).plaintext()).isEqualTo(TrustedRecipient.PLAINTEXT);
    }

    @Test
    void rejectsEpkNotOnTheRecipientsCurve() throws JoseException {
        Jwk genuine = Jwk.fromMap(Jwe.parseUnverified(ecToken()).header().ephemeralPublicKey());
        java.security.interfaces.ECPublicKey pub = (java.security.interfaces.ECPublicKey) genuine.publicKey();
        BigInteger x = pub.getW().getAffineX();
        BigInteger y = pub.getW().getAffineY();
        BigInteger p = ((ECFieldFp) Curve.P_256.ecParameters().getCurve().getField()).getP();

        for (BigInteger[] point : new BigInteger[][] {
            {x, y.add(BigInteger.ONE).mod(p)},
            {x.add(BigInteger.ONE), y},
            {BigInteger.ZERO, BigInteger.ZERO},
            {BigInteger.ONE, BigInteger.ONE},
            {x, p.subtract(y).add(p)},
            {x.add(p), y}
        }) {
            int len = point[0].bitLength() > 256 || point[1].bitLength() > 256 ? 33 : 32;
            String forged = withEpk(ecToken(), ecPoint("P-256", point[0], point[1], len));
            rejects(KEY_REJECTED, () -> EC_DECRYPTER.decrypt(forged));
        }
    }

    /**
     * The textbook attack: a point of small order on y² = x³ − 3x + b' for another b'. It satisfies
     * every check except the curve equation, which Signet evaluates before any provider sees the point.
     */
    @Test
    void rejectsSmallOrderPointOfAnotherCurveWithTheSameA() throws JoseException {
        // (x, y) = (1, 1) lies on y^2 = x^3 - 3x + 3 over P-256's field: b' = 3, not P-256's b.
        BigInteger p = ((ECFieldFp) Curve.P_256.ecParameters().getCurve().getField()).getP();
        BigInteger a = Curve.P_256.ecParameters().getCurve().getA();
        BigInteger bPrime = BigInteger.ONE.subtract(BigInteger.ONE).subtract(a).mod(p);
        assertThat(bPrime).isNotEqualTo(Curve.P_256.ecParameters().getCurve().getB());

        String forged = withEpk(ecToken(), ecPoint("P-256", BigInteger.ONE, BigInteger.ONE, 32));

        String detail =
                rejects(KEY_REJECTED, () -> EC_DECRYPTER.decrypt(forged)).detail();
        assertThat(detail).contains("epk").contains("not on curve P-256");
    }

    @Test
    void rejectsEpkOnADifferentCurveThanTheRecipientsKey() throws JoseException {
        for (Curve other : new Curve[] {Curve.P_384, Curve.P_521, Curve.X25519}) {
            Map<String, Object> epk = Jwk.generate(other).toPublicJwk().members();
            String forged = withEpk(ecToken(), epk);
            String detail =
                    rejects(KEY_REJECTED, () -> EC_DECRYPTER.decrypt(forged)).detail();
            assertThat(detail).contains("on " + other.identifier()).contains("recipient's key on P-256");
        }
    }

    @Test
    void rejectsEpkCarryingAPrivateKeyOrOfTheWrongType() throws JoseException {
        Map<String, Object> withD =
                new LinkedHashMap<>(Jwk.generate(Curve.P_256).members());
        rejects(KEY_REJECTED, () -> EC_DECRYPTER.decrypt(withEpk(ecToken(), withD)));
        Map<String, Object> oct = Map.of("kty", "oct", "k", Base64Url.encode(new byte[32]));
        rejects(KEY_REJECTED, () -> EC_DECRYPTER.decrypt(withEpk(ecToken(), oct)));
    }

    @Test
    void rejectsAMissingEpk() throws JoseException {
        rejects(MALFORMED, () -> EC_DECRYPTER.decrypt(withEpk(ecToken(), null)));
    }

    /**
     * X25519 points of small order (RFC 7748 §7; the list of Bernstein's "Curve25519: which
     * public keys to reject"), including non-canonical encodings ≥ p. Each gives an all-zero
     * shared secret, which carries nothing of the recipient's key; it is refused.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "0000000000000000000000000000000000000000000000000000000000000000",
                "0100000000000000000000000000000000000000000000000000000000000000",
                "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
                "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
                "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"
            })
    void rejectsX25519EpkOfSmallOrder(String littleEndianHex) throws JoseException {
        String token =
                TrustedRecipient.encrypt(TrustedRecipient.X25519, JweAlgorithm.ECDH_ES, ContentEncryption.A128GCM);
        Map<String, Object> epk = Map.of(
                "kty",
                "OKP",
                "crv",
                "X25519",
                "x",
                Base64Url.encode(HexFormat.of().parseHex(littleEndianHex)));

        rejects(KEY_REJECTED, () -> X25519_DECRYPTER.decrypt(withEpk(token, epk)));
    }
}
