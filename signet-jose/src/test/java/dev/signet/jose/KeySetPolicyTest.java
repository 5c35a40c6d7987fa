package dev.signet.jose;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.internal.keys.RocaFingerprint;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Key sets that are ambiguous or hold broken keys are refused, not guessed at. */
class KeySetPolicyTest {

    /** Wycheproof json_web_key_test.json tcId 7: an RSA key from the vulnerable Infineon generator. */
    private static final String ROCA_N =
            "AanFpofbj7KjD4Lf-N2hVMKR7yewSyXhhbirIMTGpfYEhZ_lnt5UoK98DnKIgArXGTu3MaW_HhFw16"
                    + "HGaTDUHqPrId7fe4r11CqRw09yBFuW79V8sYIwHdzCaWflUI6auImYbVfoN9_nD5n8N8SY9DwXw7mwZM9wREPXoDPgO"
                    + "oIWl6q_MPsp7n0"
                    + "zs3Z5ZaiQWOOzl1S9OhwAfSiiOwz6efnXEaxuTEtPd7BjSx7NaFka8Dx9U7YqXy2RFj1O9PjyaDGuRh7YXsX3iMUSP_"
                    + "wSyHQg_c_qHRtKU"
                    + "sNSGCT7OZg0hzm2KphtjnayKJvC64vAbROBR4Ubg6Bxg9IQVZ-QYyE";

    @Test
    void rejectsTwoKeysSharingTheTokensKid() throws JoseException {
        Jwk a = Jwk.generate(JwsAlgorithm.HS256).withKeyId("shared");
        Jwk b = Jwk.generate(JwsAlgorithm.HS256).withKeyId("shared");
        String token = JwsSigner.builder(a).build().sign("x".getBytes(UTF_8));
        JwsVerifier v = JwsVerifier.builder(KeySource.of(a, b)).build();
        assertThatThrownBy(() -> v.verify(token))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_REJECTED));
        // A shared kid across key types is allowed (RFC 7517 §4.5): only one of them can fit.
        Jwk ec = Jwk.generate(JwsAlgorithm.ES256).withKeyId("shared");
        assertThat(JwsVerifier.builder(KeySource.of(
                                ec.toPublicJwk(),
                                Jwk.generate(JwsAlgorithm.RS256)
                                        .withKeyId("shared")
                                        .toPublicJwk()))
                        .build()
                        .verify(JwsSigner.builder(ec).build().sign(new byte[1]))
                        .verifiedKey()
                        .keyType())
                .isEqualTo(KeyType.EC);
    }

    @Test
    void rejectsAKeySourceMixingSecretsWithPublicKeys() throws JoseException {
        Jwk secret = Jwk.generate(JwsAlgorithm.HS256);
        Jwk ec = Jwk.generate(JwsAlgorithm.ES256);
        String token = JwsSigner.builder(secret).build().sign(new byte[1]);
        JwsVerifier v =
                JwsVerifier.builder(KeySource.of(secret, ec.toPublicJwk())).build();
        assertThatThrownBy(() -> v.verify(token))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_REJECTED));
    }

    @Test
    void rejectsRsaKeysWithTheRocaFingerprint() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kty", "RSA");
        m.put("n", ROCA_N);
        m.put("e", "AQAB");
        assertThatThrownBy(() -> Jwk.fromMap(m))
                .isInstanceOfSatisfying(
                        JoseException.class,
                        e -> assertThat(e)
                                .hasMessageContaining("ROCA")
                                .extracting(JoseException::reason)
                                .isEqualTo(Reason.KEY_REJECTED));
    }

    @Test
    void rocaDetectorDoesNotFlagOrdinaryModuli() throws JoseException {
        Random r = new Random(7);
        for (int i = 0; i < 5000; i++) {
            assertThat(RocaFingerprint.matches(new BigInteger(2048, r).setBit(0)))
                    .isFalse();
        }
        assertThat(Jwk.generate(JwsAlgorithm.RS256).sizeBits()).isEqualTo(2048);
    }

    @Test
    void rejectsRsaExponentsBelowThree() throws JoseException {
        Map<String, Object> m = new LinkedHashMap<>(
                Jwk.generate(JwsAlgorithm.RS256).toPublicJwk().members());
        m.put("e", "AQ");
        assertThatThrownBy(() -> Jwk.fromMap(m))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_REJECTED));
    }
}
