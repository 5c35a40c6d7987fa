package dev.signet.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.signet.jose.JoseException.Reason;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** ML-DSA needs a JDK 24+ provider; CI runs this class again under JDK 25 (tag newer-runtime). */
@Tag("newer-runtime")
class MlDsaTest {

    @ParameterizedTest
    @EnumSource(
            value = JwsAlgorithm.class,
            names = {"ML_DSA_44", "ML_DSA_65", "ML_DSA_87"})
    void akpKeysRoundTripThroughJwkAndSignJwts(JwsAlgorithm alg) throws JoseException {
        assumeTrue(alg.isAvailable(), alg + " needs a runtime with ML-DSA (JDK 24+)");
        Jwk key = Jwk.generate(alg);
        assertThat(key.keyType()).isEqualTo(KeyType.AKP);
        assertThat(key.algorithm()).isEqualTo(alg.identifier());
        assertThat(Base64Url.decode((String) key.members().get("priv"))).hasSize(32);

        // the seed alone reproduces the key pair
        Jwk reparsed = Jwk.parse(key.toJson());
        assertThat(reparsed.publicKey().getEncoded()).isEqualTo(key.publicKey().getEncoded());

        Jwk pub = key.toPublicJwk();
        assertThat(pub.members()).doesNotContainKey("priv");
        assertThat(pub.thumbprint()).isEqualTo(key.thumbprint());

        JwtClaims claims = JwtClaims.builder()
                .issuer("https://i")
                .audience("a")
                .expiresAt(Instant.now().plusSeconds(60))
                .build();
        String token = JwtSigner.builder(reparsed).build().sign(claims);
        Jwt jwt = JwtVerifier.builder(KeySource.of(JwkSet.parse(JwkSet.of(pub).toJson())))
                .issuer("https://i")
                .audience("a")
                .build()
                .verify(token);
        assertThat(jwt.header().algorithm()).isEqualTo(alg.identifier());
    }

    @ParameterizedTest
    @EnumSource(
            value = JwsAlgorithm.class,
            names = {"ML_DSA_44", "ML_DSA_65"})
    void rejectsASeedThatDoesNotBelongToThePublicKey(JwsAlgorithm alg) throws JoseException {
        assumeTrue(alg.isAvailable(), alg + " needs a runtime with ML-DSA (JDK 24+)");
        Map<String, Object> m = new LinkedHashMap<>(Jwk.generate(alg).members());
        m.put("priv", Jwk.generate(alg).members().get("priv"));
        assertThatThrownBy(() -> Jwk.fromMap(m))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_REJECTED));
    }

    @ParameterizedTest
    @EnumSource(
            value = JwsAlgorithm.class,
            names = {"ML_DSA_44"})
    void refusesAnAkpKeyForAnotherParameterSet(JwsAlgorithm alg) throws JoseException {
        assumeTrue(JwsAlgorithm.ML_DSA_65.isAvailable(), "needs a runtime with ML-DSA (JDK 24+)");
        Jwk key65 = Jwk.generate(JwsAlgorithm.ML_DSA_65);
        assertThatThrownBy(() -> JwsSigner.builder(key65).algorithm(alg).build())
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALG_NOT_ALLOWED));
    }
}
