package dev.signet.jose.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.jose.JoseException;
import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.Jws;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwsVerifier;
import dev.signet.jose.KeySource;
import dev.signet.jose.KeyType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 7515 Appendix A: the JWS examples, verified with their JWKs (latchset/jose transcriptions). */
class Rfc7515ExamplesTest {

    /** The JWT claims set of A.1–A.3 and A.5, line breaks as the RFC prints them. */
    private static final String CLAIMS =
            "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n" + " \"http://example.com/is_root\":true}";

    @ParameterizedTest(name = "A.{0} {1}")
    @CsvSource({"1, HS256", "2, RS256", "3, ES256", "4, ES512"})
    void verifiesAppendixAExampleWithItsKey(String section, JwsAlgorithm alg) throws JoseException {
        Jwk key = verificationKey(Jwk.parse(VectorFiles.text("jose-rfc-vectors/rfc7515_A." + section + ".jwk")));
        String compact = VectorFiles.text("jose-rfc-vectors/rfc7515_A." + section + ".jwsc");

        Jws jws = JwsVerifier.builder(KeySource.of(key)).algorithms(alg).build().verify(compact);

        assertThat(jws.header().algorithm()).isEqualTo(alg.identifier());
        assertThat(jws.payloadText()).isEqualTo(alg == JwsAlgorithm.ES512 ? "Payload" : CLAIMS);
    }

    @Test
    void rejectsTheUnsecuredAppendixA5Example() throws JoseException {
        String unsecured = VectorFiles.text("jose-rfc-vectors/rfc7515_A.5.jwsc");
        Jwk hmacKey = Jwk.parse(VectorFiles.text("jose-rfc-vectors/rfc7515_A.1.jwk"));

        // Default allowlist: every algorithm Signet has, which never includes "none".
        assertThatThrownBy(
                        () -> JwsVerifier.builder(KeySource.of(hmacKey)).build().verify(unsecured))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALG_NOT_ALLOWED));
    }

    /**
     * A.6 (general JSON serialization, RS256 and ES256) and A.7 (flattened, ES256) recast as
     * compact: a signature whose {@code alg} is protected has the same signing input in compact
     * form ({@code protected.payload.signature}); the unprotected {@code kid} is dropped. As JSON
     * they are verified by {@link JwsJsonExamplesTest}.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"rfc7515_A.6.jwsg, rfc7515_A.6.jwkset", "rfc7515_A.7.jwsf, rfc7515_A.7.jwk"})
    void verifiesJsonSerializedExamplesRecastAsCompact(String jwsFile, String keyFile) throws JoseException {
        Map<String, Object> json = VectorFiles.json("jose-rfc-vectors/" + jwsFile);
        String keys = VectorFiles.text("jose-rfc-vectors/" + keyFile);
        List<Jwk> published = new ArrayList<>();
        for (Jwk k : keyFile.endsWith(".jwkset") ? JwkSet.parse(keys).keys() : List.of(Jwk.parse(keys))) {
            published.add(verificationKey(k));
        }
        List<Map<String, Object>> signatures = signatures(json);
        assertThat(signatures).hasSize(jwsFile.endsWith(".jwsg") ? 2 : 1);

        for (Map<String, Object> s : signatures) {
            String compact = s.get("protected") + "." + json.get("payload") + "." + s.get("signature");
            assertThat(JwsVerifier.builder(KeySource.of(JwkSet.of(published)))
                            .build()
                            .verify(compact)
                            .payloadText())
                    .isEqualTo(CLAIMS);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> signatures(Map<String, Object> json) {
        return json.containsKey("signatures") ? (List<Map<String, Object>>) json.get("signatures") : List.of(json);
    }

    /** What a verifier is given: the public key, or the secret itself for {@code oct}. */
    static Jwk verificationKey(Jwk key) {
        return key.keyType() == KeyType.OCT ? key : key.toPublicJwk();
    }
}
