package dev.signet.jose.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.Curve;
import dev.signet.jose.JoseException;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwsHeader;
import dev.signet.jose.JwsSigner;
import dev.signet.jose.JwsVerifier;
import dev.signet.jose.KeySource;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RFC 8037 Appendix A (Ed25519 in JOSE), from the cookbook's {@code curve25519/jws.json}: the key
 * of A.1, its A.3 thumbprint and the A.4 signature.
 */
class Rfc8037ExamplesTest {

    private final Map<String, Object> example = VectorFiles.json("rfc7520/curve25519/jws.json");

    @Test
    void verifiesTheEd25519SignatureOfAppendixA4() throws JoseException {
        Jwk key = privateKey().toPublicJwk();

        String payload = JwsVerifier.builder(KeySource.of(key))
                .algorithms(JwsAlgorithm.EDDSA)
                .build()
                .verify(compact())
                .payloadText();

        assertThat(key.curve()).isEqualTo(Curve.ED25519);
        assertThat(payload).isEqualTo("Example of Ed25519 signing");
    }

    @Test
    void reproducesTheAppendixA4SignatureByteForByte() throws JoseException {
        // Ed25519 is deterministic (RFC 8032 §5.1.6), and the key has no kid: the header is {"alg":"EdDSA"}.
        String signed = JwsSigner.builder(privateKey())
                .algorithm(JwsAlgorithm.EDDSA)
                .build()
                .sign(JwsHeader.builder(), "Example of Ed25519 signing".getBytes(StandardCharsets.UTF_8));

        assertThat(signed).isEqualTo(compact());
    }

    @Test
    void computesTheThumbprintOfAppendixA3() throws JoseException {
        assertThat(privateKey().toPublicJwk().thumbprint()).isEqualTo("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
    }

    private Jwk privateKey() throws JoseException {
        return Jwk.fromMap(VectorFiles.object(VectorFiles.object(example, "input"), "key"));
    }

    private String compact() {
        return VectorFiles.string(VectorFiles.object(example, "output"), "compact");
    }
}
