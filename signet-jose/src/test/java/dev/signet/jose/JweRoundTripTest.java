package dev.signet.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every supported {@code alg} × {@code enc} pair (ECDH-ES on every curve) encrypts and decrypts back. */
class JweRoundTripTest {

    private static final byte[] PLAINTEXT =
            "Signet JWE round trip: \u00e9t\u00e9 \u2013 \ud83d\udd11".getBytes(StandardCharsets.UTF_8);
    private static final Jwk RSA = rsa();
    private static final Map<Curve, Jwk> AGREEMENT = new EnumMap<>(Curve.class);

    static {
        for (Curve c : new Curve[] {Curve.P_256, Curve.P_384, Curve.P_521, Curve.X25519, Curve.X448}) {
            try {
                AGREEMENT.put(c, Jwk.generate(c));
            } catch (JoseException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static Jwk rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return Jwk.fromKeyPair(g.generateKeyPair());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Jwk secret(int bits) throws JoseException {
        byte[] k = new byte[bits / 8];
        new SecureRandom().nextBytes(k);
        return Jwk.fromSecret(k);
    }

    /** The recipient's private key (or secret) for {@code alg} and {@code enc}; {@code curve} for ECDH. */
    static Jwk recipientKey(JweAlgorithm alg, ContentEncryption enc, Curve curve) throws JoseException {
        return switch (alg.family()) {
            case RSA -> RSA;
            case ECDH -> AGREEMENT.get(curve);
            case DIRECT -> secret(enc.keyBits());
            case PBES2 -> Jwk.fromSecret("correct horse battery staple".getBytes(StandardCharsets.UTF_8));
            default -> secret(alg.wrapKeyBits());
        };
    }

    /**
     * An encrypter to {@code key} (its public half) and a decrypter with it, allowing only {@code alg} and {@code enc}.
     */
    record Ends(JweEncrypter encrypter, JweDecrypter decrypter) {}

    /**
     * {@link Ends} for a round trip: PBES2 at the minimum count, RSA1_5 opted into on both sides where it is {@code
     * alg}.
     */
    static Ends ends(JweAlgorithm alg, ContentEncryption enc, Jwk key) throws JoseException {
        Jwk encryptionKey = key.keyType() == KeyType.OCT ? key : key.toPublicJwk();
        JweEncrypter.Builder eb = JweEncrypter.builder(encryptionKey)
                .algorithm(alg)
                .encryption(enc)
                .pbes2Iterations(JweEncrypter.MIN_PBES2_ITERATIONS);
        JweDecrypter.Builder db = JweDecrypter.builder(DecryptionKeySource.of(key))
                .algorithms(alg)
                .encryptions(enc);
        if (alg == JweAlgorithm.RSA1_5) {
            eb.allowInsecureRsa1_5();
            db.allowInsecureRsa1_5();
        }
        return new Ends(eb.build(), db.build());
    }

    static Stream<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        for (JweAlgorithm alg : JweAlgorithm.values()) {
            for (ContentEncryption enc : ContentEncryption.values()) {
                if (alg.family() == JweAlgorithm.Family.ECDH) {
                    for (Curve c : AGREEMENT.keySet()) {
                        out.add(Arguments.of(alg, enc, c));
                    }
                } else {
                    out.add(Arguments.of(alg, enc, null));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("pairs")
    void encryptsAndDecryptsEveryPair(JweAlgorithm alg, ContentEncryption enc, Curve curve) throws JoseException {
        Jwk key = recipientKey(alg, enc, curve).withKeyId("recipient");
        Ends ends = ends(alg, enc, key);
        String token = ends.encrypter().encrypt(PLAINTEXT);

        Jwe jwe = ends.decrypter().decrypt(token);

        assertThat(jwe.plaintext()).isEqualTo(PLAINTEXT);
        assertThat(jwe.decryptionKey()).isEqualTo(key);
        assertThat(jwe.header().algorithm()).isEqualTo(alg.identifier());
        assertThat(jwe.header().encryption()).isEqualTo(enc.identifier());
        assertThat(jwe.header().keyId()).isEqualTo("recipient");
        assertThat(jwe.iv()).hasSize(enc.ivLength());
        assertThat(jwe.tag()).hasSize(enc.tagLength());
        boolean direct = alg == JweAlgorithm.DIR || alg == JweAlgorithm.ECDH_ES;
        assertThat(jwe.encryptedKey().length == 0).isEqualTo(direct);
    }

    @Test
    void compressesWithDeflateAndInflatesBack() throws JoseException {
        Jwk key = recipientKey(JweAlgorithm.A256KW, ContentEncryption.A256GCM, null);
        byte[] repetitive = "a claim, a claim, a claim, ".repeat(200).getBytes(StandardCharsets.US_ASCII);
        String token = JweEncrypter.builder(key)
                .algorithm(JweAlgorithm.A256KW)
                .compress()
                .build()
                .encrypt(repetitive);

        Jwe jwe = JweDecrypter.builder(DecryptionKeySource.of(key))
                .algorithms(JweAlgorithm.A256KW)
                .encryptions(ContentEncryption.A256GCM)
                .build()
                .decrypt(token);

        assertThat(jwe.header().compression()).isEqualTo("DEF");
        assertThat(jwe.ciphertext().length).isLessThan(repetitive.length / 10);
        assertThat(jwe.plaintext()).isEqualTo(repetitive);
    }

    @Test
    void eachEncryptionDrawsAFreshCekAndIv() throws JoseException {
        Jwk key = recipientKey(JweAlgorithm.A128KW, ContentEncryption.A128GCM, null);
        JweEncrypter e = JweEncrypter.builder(key)
                .algorithm(JweAlgorithm.A128KW)
                .encryption(ContentEncryption.A128GCM)
                .build();

        Jwe first = Jwe.parseUnverified(e.encrypt(PLAINTEXT));
        Jwe second = Jwe.parseUnverified(e.encrypt(PLAINTEXT));

        assertThat(first.encryptedKey()).isNotEqualTo(second.encryptedKey());
        assertThat(first.iv()).isNotEqualTo(second.iv());
        assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
        assertThrows(IllegalStateException.class, first::plaintext);
    }
}
