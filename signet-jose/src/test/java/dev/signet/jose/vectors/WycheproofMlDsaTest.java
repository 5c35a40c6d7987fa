package dev.signet.jose.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.jose.Base64Url;
import dev.signet.jose.JoseException;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.internal.jws.MlDsa;
import dev.signet.jose.vectors.Wycheproof.Group;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof ML-DSA-44/65/87 verification vectors through Signet's ML-DSA family, each group's
 * raw public key as an AKP JWK (draft-ietf-cose-dilithium). JOSE signs with the empty context, so
 * vectors with a non-empty {@code ctx} are out of scope. Needs a JDK 24+ provider: CI runs this
 * class again under JDK 25 (tag newer-runtime).
 */
@Tag("newer-runtime")
class WycheproofMlDsaTest {

    private final List<SignatureSuite> suites = List.of(
            mlDsa("mldsa_44_verify_test.json", JwsAlgorithm.ML_DSA_44),
            mlDsa("mldsa_65_verify_test.json", JwsAlgorithm.ML_DSA_65),
            mlDsa("mldsa_87_verify_test.json", JwsAlgorithm.ML_DSA_87));

    @TestFactory
    Stream<DynamicNode> mlDsa() {
        return SignatureSuite.underEveryProvider(suites);
    }

    /** The AKP JWK and the SubjectPublicKeyInfo PEM of a group give the same key, or are both refused. */
    @TestFactory
    Stream<DynamicNode> groupKeysReadAlikeFromJwkAndPem() {
        return suites.stream()
                .map(suite -> suite.eachGroup(g -> true, g -> {
                    JwsAlgorithm alg = suite.algorithm();
                    String pem = VectorFiles.publicKeyPem(g.string("publicKeyDer"));
                    if (VectorFiles.hex(g.string("publicKey")).length == MlDsa.publicKeyLength(alg)) {
                        assertThat(Jwk.fromPem(pem).publicKey().getEncoded())
                                .isEqualTo(akp(alg, g).publicKey().getEncoded());
                    } else {
                        assertThatThrownBy(() -> akp(alg, g)).isInstanceOf(JoseException.class);
                        assertThatThrownBy(() -> Jwk.fromPem(pem)).isInstanceOf(JoseException.class);
                    }
                }));
    }

    private static SignatureSuite mlDsa(String file, JwsAlgorithm alg) {
        return new SignatureSuite(file, alg, alg.jcaName(), "sig", (g, v) -> akp(alg, g))
                .inScope((g, v) -> !v.has("ctx") || v.string("ctx").isEmpty());
    }

    private static Jwk akp(JwsAlgorithm alg, Group g) throws JoseException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kty", "AKP");
        m.put("alg", alg.identifier());
        m.put("pub", Base64Url.encode(VectorFiles.hex(g.string("publicKey"))));
        return Jwk.fromMap(m);
    }
}
