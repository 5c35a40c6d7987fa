package dev.signet.jose;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.jose.JoseException.Reason;
import org.junit.jupiter.api.Test;

class JwsSignerTest {

    @Test
    void signsUnencodedPayloadWithCrit() throws JoseException {
        Jwk key = Jwk.generate(JwsAlgorithm.HS256);
        String jws = JwsSigner.builder(key)
                .build()
                .sign(
                        JwsHeader.builder().unencodedPayload(),
                        "$.02".replace(".", "").getBytes(UTF_8));
        assertThat(jws.split("\\.", -1)[1]).isEqualTo("$02");
        Jws verified = JwsVerifier.builder(KeySource.of(key)).build().verify(jws);
        assertThat(verified.header().critical()).containsExactly("b64");
        assertThat(verified.payloadText()).isEqualTo("$02");
    }

    @Test
    void signsAndVerifiesDetachedContent() throws JoseException {
        Jwk key = Jwk.generate(JwsAlgorithm.ES256);
        byte[] content = "detached content".getBytes(UTF_8);
        String jws = JwsSigner.builder(key).build().signDetached(JwsHeader.builder(), content);
        assertThat(jws).contains("..");
        JwsVerifier v = JwsVerifier.builder(KeySource.of(key.toPublicJwk())).build();
        assertThat(v.verifyDetached(jws, content).payloadText()).isEqualTo("detached content");
        assertThatThrownBy(() -> v.verifyDetached(jws, "other".getBytes(UTF_8)))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
    }

    @Test
    void refusesKeysThatDoNotFitTheAlgorithm() throws JoseException {
        Jwk ec = Jwk.generate(JwsAlgorithm.ES256);
        assertThatThrownBy(() ->
                        JwsSigner.builder(ec).algorithm(JwsAlgorithm.ES384).build())
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALG_NOT_ALLOWED));
        assertThatThrownBy(() ->
                        JwsSigner.builder(ec).algorithm(JwsAlgorithm.HS256).build())
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALG_NOT_ALLOWED));
        assertThatThrownBy(() -> JwsSigner.builder(ec.toPublicJwk()).build())
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_REJECTED));
        Jwk shortSecret = Jwk.fromSecret(new byte[31]);
        assertThatThrownBy(() -> JwsSigner.builder(shortSecret)
                        .algorithm(JwsAlgorithm.HS256)
                        .build())
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_REJECTED));
    }

    @Test
    void picksTheCustomaryAlgorithmForAKeyWithoutAlg() throws JoseException {
        assertThat(JwsSigner.builder(Jwk.generate(JwsAlgorithm.ES384).withAlgorithm(null))
                        .build()
                        .algorithm())
                .isEqualTo(JwsAlgorithm.ES384);
        assertThat(JwsSigner.builder(Jwk.fromSecret(new byte[64])).build().algorithm())
                .isEqualTo(JwsAlgorithm.HS512);
    }

    @Test
    void headerCarriesAlgKidAndTypInThatOrder() throws JoseException {
        Jwk key = Jwk.generate(JwsAlgorithm.HS256);
        String jws = JwsSigner.builder(key).build().sign(JwsHeader.builder().type("JOSE"), new byte[0]);
        String header = new String(Base64Url.decode(jws.substring(0, jws.indexOf('.'))), UTF_8);
        assertThat(header).isEqualTo("{\"alg\":\"HS256\",\"kid\":\"" + key.keyId() + "\",\"typ\":\"JOSE\"}");
    }
}
